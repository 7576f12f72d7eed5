import type { Api } from '../../shared/api/contract';
import { MetricQueryEngine } from '../query/metrics/index';
import { inlineMetricReads } from '../query/worker/metric-reads';
import { parseDuration, parseTimeBound } from '../query/time';
import { MetricRetentionJob } from '../retention/metric-retention';
import type { HandlerContext } from './context';

/** Without a step, about this many points per series (a chart's width). */
const DEFAULT_POINTS = 250;

/** Range bounds and step as people type them; the step defaults to range / max_points. */
export function rangeParams(input: { start?: string | undefined; end?: string | undefined; step?: string | undefined; max_points?: number | undefined }, now: number) {
  const end = input.end === undefined ? now : parseTimeBound(input.end, 'end', now);
  const start = input.start === undefined ? end - 3_600_000 : parseTimeBound(input.start, 'start', now);
  const step = input.step !== undefined ? parseDuration(input.step, 'step') : Math.max(1000, Math.ceil((end - start) / (input.max_points ?? DEFAULT_POINTS) / 1000) * 1000);
  return { start, end, step };
}

export function metricsHandlers(ctx: HandlerContext): Pick<Api, 'metrics.query' | 'metrics.queryRange' | 'metrics.names' | 'metrics.retention' | 'metrics.setRetention'> {
  const reads = ctx.metricReads ?? inlineMetricReads(MetricQueryEngine.forStore(ctx.repos.metrics));
  // Policy reads and writes only; the core runs the periodic deletion.
  const retention = new MetricRetentionJob(ctx.repos.metrics, ctx.now, () => undefined);
  return {
    async 'metrics.query'(input) {
      const now = ctx.now();
      const at = input.time === undefined ? now : parseTimeBound(input.time, 'time', now);
      const r = await reads.instant(input.query, at);
      // JSON has no NaN or ±Inf: such values (e.g. 0/0) are left out here; /api/v1/query keeps them.
      return { resultType: r.resultType, series: r.series.filter((s) => Number.isFinite(s.value)) };
    },

    async 'metrics.queryRange'(input) {
      const { start, end, step } = rangeParams(input, ctx.now());
      const r = await reads.range(input.query, start, end, step, input.max_points === undefined ? {} : { maxPoints: input.max_points });
      return { ...r, series: r.series.map((s) => ({ labels: s.labels, points: s.points.filter((p) => Number.isFinite(p[1])) })) };
    },

    async 'metrics.names'(input) {
      return { names: ctx.repos.metrics.seriesRepo.names(input.prefix) };
    },

    async 'metrics.retention'() {
      return retention.policy();
    },

    async 'metrics.setRetention'(input) {
      return retention.set(input);
    },
  };
}
