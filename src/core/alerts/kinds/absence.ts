import { ApiError } from '../../../shared/api/errors';
import type { RuleKindModule, SeriesValue } from './types';

const FORM = /^\s*(log|metric|spacecraft)\s+(\S.*?)\s*$/;

export function parseAbsence(condition: string): { source: 'log' | 'metric' | 'spacecraft'; target: string } {
  const m = FORM.exec(condition);
  if (!m) throw new ApiError('bad_request', 'condition: `log <query>`, `metric <name>` or `spacecraft <id or *>` (the threshold is the silence in seconds)');
  return { source: m[1] as 'log' | 'metric' | 'spacecraft', target: m[2] as string };
}

const age = (now: number, t: number | null | undefined) => (t === null || t === undefined ? null : Math.max(0, now - t) / 1000);

/**
 * Absence / heartbeat: the value is the seconds since the last matching line, metric sample or
 * contact; compared with the threshold (in seconds). Data never seen is "no data", not an alarm:
 * a heartbeat rule starts judging once something has been heard.
 */
export const absence: RuleKindModule = {
  kind: 'absence',
  evaluateOnIngest: false,
  backtestable: true,
  defaultOperator: '>',
  validate(rule) {
    parseAbsence(rule.condition);
  },
  evaluate(ctx, rule, now) {
    const { source, target } = parseAbsence(rule.condition);
    if (source === 'log') {
      const last = ctx.logs.search({ q: target, to: now }, null, 1)[0];
      return { series: [{ labels: {}, value: age(now, last?.timestamp), details: { source, query: target, last_seen: last?.timestamp ?? null } }] };
    }
    if (source === 'metric') {
      const last = ctx.data?.metricLastSeen(target, now) ?? null;
      return { series: [{ labels: {}, value: age(now, last), details: { source, metric: target, last_seen: last } }] };
    }
    const craft = (ctx.spacecraft?.list() ?? []).filter((s) => target === '*' || s.id === target);
    const series: SeriesValue[] = craft.map((s) => ({
      labels: { spacecraft: s.id },
      value: age(now, s.last_contact !== null && s.last_contact <= now ? s.last_contact : null),
      details: { source, spacecraft: s.id, last_seen: s.last_contact },
    }));
    return { series };
  },
  describe(_rule, value) {
    return `no data for ${value} s`;
  },
};
