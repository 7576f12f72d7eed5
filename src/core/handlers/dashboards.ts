import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { LOG_LEVELS } from '../../shared/api/schemas/logs';
import { DashboardsRepo } from '../db/repos/dashboards';
import { pickBucket } from '../query/buckets';
import { MetricQueryEngine } from '../query/metrics/index';
import { metricTrends } from '../query/period-trends';
import { parseDuration, parseRange } from '../query/time';
import type { Overview, Trends } from '../../shared/api/schemas/fleet';
import type { HandlerContext } from './context';
import { savedDashboardHandlers } from './saved-dashboards';

/** Moved to query/buckets (the log histogram uses it too); kept here for existing importers. */
export { pickBucket };

type DashboardMethods = 'dashboards.overview' | 'analytics.trends' | 'dashboards.list' | 'dashboards.get' | 'dashboards.save' | 'dashboards.delete';

export function dashboardHandlers(ctx: HandlerContext): Pick<Api, DashboardMethods> {
  const { logs, alerts, spacecraft } = ctx.repos;
  // Its own repo on the handlers' connection: no other domain reads dashboards.
  const boards = new DashboardsRepo(ctx.db);
  // Metric trends go through the same engine as every other metric query.
  const engine = MetricQueryEngine.forStore(ctx.repos.metrics);
  return {
    ...savedDashboardHandlers(boards, ctx.now),

    async 'dashboards.overview'(input) {
      const now = ctx.now();
      const r = parseRange(input, now, 'now-24h');
      const from = r.from ?? now - 86_400_000;
      const to = r.to ?? now;
      const byLevelRaw = new Map(logs.countBy('level', { from, to }, 10).map((v) => [v.value, v.count]));
      const by_level = LOG_LEVELS.map((level) => ({ level, count: byLevelRaw.get(level) ?? 0 }));
      const open = alerts.countOpen();
      return {
        range: { from, to },
        totals: {
          logs: by_level.reduce((n, l) => n + l.count, 0),
          errors: (byLevelRaw.get('ERROR') ?? 0) + (byLevelRaw.get('CRITICAL') ?? 0),
          spacecraft: spacecraft.count(),
          active_alerts: open.active,
          unacknowledged_alerts: open.unacknowledged,
        },
        by_level,
        by_spacecraft: logs.spacecraftActivity(from, to),
        by_service: logs.countBy('service', { from, to }, 20).map((v) => ({ service: v.value, count: v.count })),
        ingest_lines_per_s: ctx.collector.latest.ingest.lines_per_s,
        recent_alerts: alerts.list(['firing', 'acknowledged', 'pending'], 10),
        error_rate_by_spacecraft: errorRateBySpacecraft(boards, from, to),
      };
    },

    async 'analytics.trends'(input) {
      await ctx.metricsVisible?.();
      const now = ctx.now();
      const r = parseRange(input, now, 'now-24h');
      const from = r.from ?? now - 86_400_000;
      const to = r.to ?? now;
      const span = Math.max(1, to - from);
      const bucket_ms = input.bucket ? parseDuration(input.bucket, 'bucket') : pickBucket(span);
      if (bucket_ms < 1000) throw new ApiError('bad_request', 'bucket: at least 1s');
      if (span / bucket_ms > 10_000) throw new ApiError('bad_request', 'bucket: too small for the range (more than 10000 buckets)');
      const group_by = input.group_by ?? 'level';
      const rows = logs.buckets(from, to, bucket_ms, group_by);
      const series = new Map<string, { name: string; total: number; points: [number, number][] }>();
      for (const row of rows) {
        const name = row.name ?? '(none)';
        const s = series.get(name) ?? { name, total: 0, points: [] };
        s.points.push([row.bucket, row.count]);
        s.total += row.count;
        series.set(name, s);
      }
      const total = [...series.values()].reduce((n, s) => n + s.total, 0);
      return {
        from,
        to,
        bucket_ms,
        group_by,
        series: [...series.values()].sort((a, b) => b.total - a.total),
        total,
        previous_total: logs.countBetween(from - span, from),
        top_movers: topMovers([...series.values()].filter((g) => g.name !== '(none)'), logs.countBy(group_by, { from: from - span, to: from - 1 }, 200)),
        ...(input.period
          ? { metric_trends: metricTrends(engine, { period: input.period, periods: input.periods, query: input.query }, to, (f, t, b) => boards.errorBuckets(f, t, b)) }
          : {}),
      };
    },
  };
}

function errorRateBySpacecraft(boards: DashboardsRepo, from: number, to: number): Overview['error_rate_by_spacecraft'] {
  const bucket_ms = pickBucket(Math.max(1, to - from));
  const bySpacecraft = new Map<string, [number, number][]>();
  for (const row of boards.errorBuckets(from, to, bucket_ms)) {
    const points = bySpacecraft.get(row.spacecraft_id) ?? [];
    points.push([row.bucket, row.count]);
    bySpacecraft.set(row.spacecraft_id, points);
  }
  return { bucket_ms, series: [...bySpacecraft].map(([spacecraft_id, points]) => ({ spacecraft_id, points })) };
}

/**
 * The groups that moved most against the previous period: ordered by absolute change, so a
 * spacecraft going quiet ranks next to one getting loud. The previous side counts the top 200
 * groups, plenty for a fleet; a group beyond that reads as new.
 */
export function topMovers(
  current: Iterable<{ name: string; total: number }>,
  previous: readonly { value: string; count: number }[],
): Trends['top_movers'] {
  const before = new Map(previous.map((p) => [p.value, p.count]));
  const rows = new Map<string, { name: string; total: number; previous_total: number }>();
  for (const c of current) rows.set(c.name, { name: c.name, total: c.total, previous_total: before.get(c.name) ?? 0 });
  for (const [name, count] of before) if (!rows.has(name)) rows.set(name, { name, total: 0, previous_total: count });
  return [...rows.values()]
    .map((r) => ({
      ...r,
      change: r.total - r.previous_total,
      change_pct: r.previous_total === 0 ? null : Math.round(((r.total - r.previous_total) / r.previous_total) * 1000) / 10,
    }))
    .filter((r) => r.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.name.localeCompare(b.name))
    .slice(0, 10);
}
