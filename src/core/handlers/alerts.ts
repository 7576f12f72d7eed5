import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { ALERT_STATUSES, type Alert, type AlertDetail, type AlertStatus, type Silence } from '../../shared/api/schemas/alerts';
import type { OperatorAction } from '../alerts/state-machine';
import { isWindowAggregate, parseMetricCondition } from '../alerts/kinds/metric-threshold';
import { parseRateCondition } from '../alerts/kinds/rate-of-change';
import { safeRegex, silenceOn } from '../alerts/silences';
import type { SilenceRow } from '../db/repos/alert-silences';
import { parseDuration, parseTimeBound } from '../query/time';
import { alertRuleHandlers } from './alert-rules';
import type { HandlerContext } from './context';

const OPEN: AlertStatus[] = ['pending', 'firing', 'acknowledged', 'cleared', 'shelved'];

function parseStatuses(text: string | undefined): AlertStatus[] {
  if (!text || text === 'open') return OPEN;
  if (text === 'all') return [...ALERT_STATUSES];
  return text.split(',').map((s) => {
    const v = s.trim() as AlertStatus;
    if (!ALERT_STATUSES.includes(v)) throw new ApiError('bad_request', `status: "${s.slice(0, 20)}" is not one of ${ALERT_STATUSES.join(', ')}, open, all`);
    return v;
  });
}

const REFUSAL: Record<OperatorAction['type'], string> = {
  ack: 'only firing alerts, or cleared ones waiting for acknowledgement, can be acknowledged',
  shelve: 'only firing or acknowledged alerts can be shelved',
  unshelve: 'only shelved alerts can be unshelved',
};

const toSilence = (s: SilenceRow, now: number): Silence => ({ ...s, active_now: silenceOn(s, now) });

type LifecycleMethods =
  | 'alerts.active'
  | 'alerts.get'
  | 'alerts.acknowledge'
  | 'alerts.shelve'
  | 'alerts.unshelve'
  | 'alerts.createSilence'
  | 'alerts.listSilences'
  | 'alerts.expireSilence'
  | 'alerts.audit';

type AlertMethods = LifecycleMethods | keyof ReturnType<typeof alertRuleHandlers>;

/** Alarms (list, detail, ack, shelve), silences and the audit log; rule methods come from alert-rules.ts. */
export function alertHandlers(ctx: HandlerContext): Pick<Api, AlertMethods> {
  const { alerts, logs, metrics } = ctx.repos;

  /** Apply an operator action; 404/409 name the alert and its state. Audited in the same transaction. */
  const act = (id: number, action: OperatorAction, by: string, comment: string | null, verb: string): Alert => {
    const r = alerts.transaction(() => {
      const out = ctx.engine.act(id, action, by, comment);
      if (out && 'alert' in out) {
        alerts.audit.record({
          at: ctx.now(),
          actor: by,
          action: `alert.${action.type}`,
          target_type: 'alert',
          target_id: id,
          summary: `${verb} alert ${id} (${out.alert.rule_name})${comment ? `: ${comment}` : ''}`,
          details: { comment, labels: out.alert.labels, status: out.alert.status, ...(action.type === 'shelve' ? { until: action.until } : {}) },
        });
      }
      return out;
    });
    if (!r) throw new ApiError('not_found', `alert ${id} does not exist`);
    if ('refused' in r) throw new ApiError('conflict', `alert ${id} is ${r.refused}; ${REFUSAL[action.type]}`);
    return r.alert;
  };

  const triggeringData = (a: Alert): AlertDetail['data'] => {
    const rule = alerts.rules.get(a.rule_id);
    const end = a.resolved_at ?? ctx.now();
    if (!rule) return { points: [], lines: [] };
    const from = a.triggered_at - 2 * rule.window_ms;
    if (rule.kind === 'metric_threshold' && !isWindowAggregate(rule.condition)) return { points: ctx.engine.metricSeries(rule.condition, a.labels, from, end), lines: [] };
    const metric =
      rule.kind === 'metric_threshold' ? parseMetricCondition(rule.condition).metric : rule.kind === 'rate_of_change' ? parseRateCondition(rule.condition).metric : null;
    if (metric) return { points: metrics.series(metric, from, end, undefined, 2000).points, lines: [] };
    if (rule.kind === 'log_match') {
      const lines = logs.search({ q: rule.condition, from: a.triggered_at - rule.window_ms, to: end }, null, 50);
      return { points: [], lines: lines.map((l) => ({ id: l.id, timestamp: l.timestamp, level: l.level, message: l.message })) };
    }
    return { points: [], lines: [] };
  };

  return {
    ...alertRuleHandlers(ctx),

    async 'alerts.active'(input) {
      return { items: alerts.list(parseStatuses(input.status), input.limit ?? 200, { severity: input.severity, rule_id: input.rule_id }) };
    },

    async 'alerts.get'(input) {
      const stored = alerts.getAlert(input.id);
      if (!stored) throw new ApiError('not_found', `alert ${input.id} does not exist`);
      const { last_breach_at: _l, ...alert } = stored;
      return { alert, rule: alerts.rules.get(alert.rule_id), transitions: alerts.transitions(alert.id), data: triggeringData(alert) };
    },

    async 'alerts.acknowledge'(input) {
      return act(input.id, { type: 'ack' }, input.by, input.comment ?? null, 'acknowledged');
    },

    async 'alerts.shelve'(input) {
      const now = ctx.now();
      if ((input.duration === undefined) === (input.until === undefined)) throw new ApiError('bad_request', 'duration: give either duration (15m, 1h, 8h) or until');
      const until = input.duration !== undefined ? now + parseDuration(input.duration, 'duration') : parseTimeBound(input.until as string, 'until', now);
      if (until <= now) throw new ApiError('bad_request', 'until: must be in the future');
      return act(input.id, { type: 'shelve', until }, input.by, input.comment ?? null, `shelved until ${new Date(until).toISOString()}`);
    },

    async 'alerts.unshelve'(input) {
      // `active` is decided by the engine from the stored condition.
      return act(input.id, { type: 'unshelve', active: false }, input.by ?? 'operator', input.comment ?? null, 'unshelved');
    },

    async 'alerts.createSilence'(input) {
      const now = ctx.now();
      const starts = input.starts_at ? parseTimeBound(input.starts_at, 'starts_at', now) : now;
      const ends = parseTimeBound(input.ends_at, 'ends_at', now);
      if (ends <= starts) throw new ApiError('bad_request', 'ends_at: must be after starts_at');
      input.matchers.forEach((m, i) => {
        if ((m.op === '=~' || m.op === '!~') && !safeRegex(m.value)) throw new ApiError('bad_request', `matchers[${i}].value: not a valid regular expression`);
      });
      if (input.recurrence) parseDuration(input.recurrence.duration, 'recurrence.duration');
      const s = alerts.transaction(() => {
        const row = alerts.silences.create({ matchers: input.matchers, starts_at: starts, ends_at: ends, recurrence: input.recurrence ?? null, comment: input.comment, created_by: input.by, created_at: now });
        const what = input.matchers.map((m) => `${m.name}${m.op}"${m.value}"`).join(', ');
        alerts.audit.record({ at: now, actor: input.by, action: 'silence.create', target_type: 'silence', target_id: row.id, summary: `silenced {${what}}: ${input.comment}`, details: row });
        return row;
      });
      ctx.engine.silencesChanged();
      return toSilence(s, now);
    },

    async 'alerts.listSilences'() {
      const now = ctx.now();
      return { items: alerts.silences.list(500).map((s) => toSilence(s, now)) };
    },

    async 'alerts.expireSilence'(input) {
      const now = ctx.now();
      const by = input.by ?? 'operator';
      const existing = alerts.silences.get(input.id);
      if (!existing) throw new ApiError('not_found', `silence ${input.id} does not exist`);
      alerts.transaction(() => {
        if (alerts.silences.expire(input.id, now)) {
          alerts.audit.record({ at: now, actor: by, action: 'silence.expire', target_type: 'silence', target_id: input.id, summary: `ended silence ${input.id}${input.comment ? `: ${input.comment}` : ''}` });
        }
      });
      ctx.engine.silencesChanged();
      return toSilence(alerts.silences.get(input.id) as SilenceRow, now);
    },

    async 'alerts.audit'(input) {
      const now = ctx.now();
      return {
        items: alerts.audit.search({
          q: input.q,
          action: input.action,
          actor: input.actor,
          from: input.from ? parseTimeBound(input.from, 'from', now) : undefined,
          to: input.to ? parseTimeBound(input.to, 'to', now) : undefined,
          limit: input.limit ?? 200,
        }),
      };
    },
  };
}
