import type { Overview } from '../../../../shared/api/schemas/fleet';
import type { NamedSeries } from './query-series';

/**
 * The overview's error counts per spacecraft as chart series, busiest spacecraft first so the
 * legend and the stack's base show the worst offender; buckets are centred on their interval.
 */
export function errorRateSeries(data: Pick<Overview, 'error_rate_by_spacecraft'> | null): NamedSeries[] {
  const e = data?.error_rate_by_spacecraft;
  if (!e) return [];
  const half = Math.floor(e.bucket_ms / 2);
  return e.series
    .map((s) => ({ name: s.spacecraft_id, total: s.points.reduce((n, [, c]) => n + c, 0), points: s.points.map(([t, c]) => [t + half, c] as const) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
    .map(({ name, points }) => ({ name, points }));
}
