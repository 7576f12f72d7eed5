import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { LOG_LEVELS } from '../../shared/api/schemas/logs';
import { pickBucket } from '../query/buckets';
import { parseDuration, parseRange } from '../query/time';
import type { HandlerContext } from './context';

/** Moved to query/buckets (the log histogram uses it too); kept here for existing importers. */
export { pickBucket };

export function dashboardHandlers(ctx: HandlerContext): Pick<Api, 'dashboards.overview' | 'analytics.trends'> {
  const { logs, alerts, spacecraft } = ctx.repos;
  return {
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
      };
    },

    async 'analytics.trends'(input) {
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
      };
    },
  };
}
