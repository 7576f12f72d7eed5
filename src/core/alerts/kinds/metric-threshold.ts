import { ApiError } from '../../../shared/api/errors';
import type { Aggregate } from '../../db/repos/metrics';
import type { RuleKindModule } from './types';

const CONDITION = /^\s*(?:(avg|min|max|sum|count|last)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:.]*)\s*\)|([a-zA-Z_:][a-zA-Z0-9_:.]*))\s*$/;

export function parseMetricCondition(condition: string): { fn: Aggregate; metric: string } {
  const m = CONDITION.exec(condition);
  if (!m) {
    throw new ApiError('bad_request', 'condition: a metric name, or avg|min|max|sum|count|last(metric_name), e.g. avg(host.cpu.usage_pct)');
  }
  return m[3] ? { fn: 'avg', metric: m[3] } : { fn: m[1] as Aggregate, metric: m[2] as string };
}

/** An aggregate of one metric over the rule's window compared to the threshold. */
export const metricThreshold: RuleKindModule = {
  kind: 'metric_threshold',
  evaluateOnIngest: true,
  validate(condition) {
    parseMetricCondition(condition);
  },
  evaluate(ctx, rule, now) {
    const { fn, metric } = parseMetricCondition(rule.condition);
    const from = now - rule.window_ms;
    const value = ctx.metrics.aggregate(metric, fn, from, now);
    return { value, details: { metric, aggregate: fn, from, to: now } };
  },
};
