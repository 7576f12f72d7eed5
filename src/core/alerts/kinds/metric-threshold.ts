import { ApiError } from '../../../shared/api/errors';
import type { Aggregate } from '../../db/repos/metrics';
import { parseQuery } from '../../query/metrics/index';
import { formatDuration } from '../../query/time';
import { anySample, metricNamed, metricsNamed, selectedMetrics } from './ingest-interest';
import { single, type RuleKindModule } from './types';

const CONDITION = /^\s*(?:(avg|min|max|sum|count|last)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:.]*)\s*\)|([a-zA-Z_:][a-zA-Z0-9_:.]*))\s*$/;

/** The original form (a metric name, or aggregate(name) over the rule's window); anything else is a metric query. */
export function isWindowAggregate(condition: string): boolean {
  return CONDITION.test(condition);
}

export function parseMetricCondition(condition: string): { fn: Aggregate; metric: string } {
  const m = CONDITION.exec(condition);
  if (!m) {
    throw new ApiError('bad_request', 'condition: a metric name, or avg|min|max|sum|count|last(metric_name), e.g. avg(host.cpu.usage_pct)');
  }
  return m[3] ? { fn: 'avg', metric: m[3] } : { fn: m[1] as Aggregate, metric: m[2] as string };
}

/**
 * Metric threshold, two forms:
 *  - `avg(name)`, `max(name)`, … or a bare name: that aggregate of every sample of the metric in
 *    the rule's window, one series (the original form, kept for existing rules);
 *  - any other text is a metric query (PromQL subset, see query/metrics/README.md) evaluated at
 *    the instant: one alert per result series, dedup by its labels, e.g.
 *    `max by (spacecraft) (max_over_time(battery.temp_c[5m]))`.
 * Hysteresis: the engine keeps it active until `clear_threshold` is no longer crossed.
 */
export const metricThreshold: RuleKindModule = {
  kind: 'metric_threshold',
  evaluateOnIngest: true,
  ingestInterest(rule) {
    if (isWindowAggregate(rule.condition)) return metricNamed(parseMetricCondition(rule.condition).metric);
    try {
      return metricsNamed(selectedMetrics(parseQuery(rule.condition)));
    } catch {
      // Evaluating it reports the error as before.
      return anySample;
    }
  },
  backtestable: true,
  defaultOperator: '>',
  validate(rule) {
    if (isWindowAggregate(rule.condition)) return;
    try {
      parseQuery(rule.condition);
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^query: /, '') : String(e);
      throw new ApiError('bad_request', `condition: not a metric name, aggregate(name) or metric query: ${why}`);
    }
  },
  evaluate(ctx, rule, now) {
    if (!isWindowAggregate(rule.condition)) {
      if (!ctx.metricQuery) return { series: [] };
      const { series } = ctx.metricQuery.instant(rule.condition, now);
      return {
        series: series.map((s) => {
          const { __name__: _name, ...labels } = s.labels;
          return { labels, value: Number.isFinite(s.value) ? s.value : null, details: { query: rule.condition, at: now } };
        }),
      };
    }
    const { fn, metric } = parseMetricCondition(rule.condition);
    const from = now - rule.window_ms;
    const value = ctx.metrics.aggregate(metric, fn, from, now);
    return single(value, { metric, aggregate: fn, from, to: now });
  },
  describe(rule, value) {
    if (!isWindowAggregate(rule.condition)) return `${rule.condition} is ${value}`;
    const { fn, metric } = parseMetricCondition(rule.condition);
    return `${fn}(${metric}) over ${formatDuration(rule.window_ms)} is ${value}`;
  },
};
