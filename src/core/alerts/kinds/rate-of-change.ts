import { ApiError } from '../../../shared/api/errors';
import { formatDuration } from '../../query/time';
import { anySample, metricNamed } from './ingest-interest';
import { single, type RuleKindModule } from './types';

const FORM = /^\s*(delta|rate)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:.]*)\s*\)\s*$/;

export function parseRateCondition(condition: string): { fn: 'delta' | 'rate'; metric: string } {
  const m = FORM.exec(condition);
  if (!m) throw new ApiError('bad_request', 'condition: delta(metric_name) or rate(metric_name), e.g. rate(battery.charge_pct)');
  return { fn: m[1] as 'delta' | 'rate', metric: m[2] as string };
}

/** Change of a metric over the window: newest minus oldest sample (delta) or that per second (rate). */
export const rateOfChange: RuleKindModule = {
  kind: 'rate_of_change',
  evaluateOnIngest: true,
  ingestInterest(rule) {
    const m = FORM.exec(rule.condition);
    return m ? metricNamed(m[2] as string) : anySample;
  },
  backtestable: true,
  defaultOperator: '>',
  validate(rule) {
    parseRateCondition(rule.condition);
  },
  evaluate(ctx, rule, now) {
    const { fn, metric } = parseRateCondition(rule.condition);
    const from = now - rule.window_ms;
    const fl = ctx.data?.metricFirstLast(metric, from, now) ?? null;
    if (!fl || fl.first[0] === fl.last[0]) return single(null, { metric, fn, from, to: now });
    const delta = fl.last[1] - fl.first[1];
    const value = fn === 'delta' ? delta : delta / ((fl.last[0] - fl.first[0]) / 1000);
    return single(value, { metric, fn, from, to: now, first: fl.first, last: fl.last });
  },
  describe(rule, value) {
    const { fn, metric } = parseRateCondition(rule.condition);
    return `${fn}(${metric}) over ${formatDuration(rule.window_ms)} is ${value}${fn === 'rate' ? '/s' : ''}`;
  },
};
