/**
 * Metric trends per calendar period (UTC day or ISO week): each period's value, and the current
 * period against the previous one. Complete periods are one range query through the metric
 * engine with step = window = the period, starting on a UTC midnight, so the engine answers them
 * from the 1 d (or, for rate-like functions, 1 h) rollups. The current period is partial: it is
 * evaluated at the last whole minute with a window reaching back to its start, so averages,
 * rates and percentiles stay comparable with the complete ones (totals would not be).
 */
import { ApiError } from '../../shared/api/errors';
import { PERIOD_PLACEHOLDER, type MetricTrends, type TrendItem, type TrendPeriod, type TrendSeries } from '../../shared/api/schemas/trends';
import type { MetricQueryEngine } from './metrics/index';

export const DAY_MS = 86_400_000;
export const PERIOD_MS: Record<TrendPeriod, number> = { day: DAY_MS, week: 7 * DAY_MS };
export const DEFAULT_PERIODS: Record<TrendPeriod, number> = { day: 14, week: 8 };
/** 1970-01-05 00:00 UTC was a Monday: ISO weeks start on it plus whole weeks. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
const MINUTE_MS = 60_000;
const MAX_SERIES = 20;
/** Telemetry whose p95 the default set shows when present (the demo fleet and its dashboard use it). */
export const DEFAULT_TELEMETRY_METRIC = 'thermal.battery_temp_c';

/** Start of the period holding `t`. */
export function periodStart(t: number, period: TrendPeriod): number {
  if (period === 'day') return Math.floor(t / DAY_MS) * DAY_MS;
  const w = PERIOD_MS.week;
  return Math.floor((t - FIRST_MONDAY_MS) / w) * w + FIRST_MONDAY_MS;
}

/** The period starts, oldest first, the last one holding `to`. */
export function periodStarts(to: number, period: TrendPeriod, count: number): number[] {
  const current = periodStart(to, period);
  return Array.from({ length: count }, (_, i) => current - (count - 1 - i) * PERIOD_MS[period]);
}

/** Rounded to 0.1 %; null when either side is missing or the base is 0 (no meaningful ratio). */
export function changePct(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
}

/**
 * `$period` replaced by a duration padded to the placeholder's width, so a parse error's
 * position still points into the text the operator typed.
 */
export function withWindow(query: string, windowMs: number): string {
  const minutes = Math.max(1, Math.round(windowMs / MINUTE_MS));
  const text = minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
  return query.split(PERIOD_PLACEHOLDER).join(text.padEnd(PERIOD_PLACEHOLDER.length, ' '));
}

export function seriesName(labels: Record<string, string>, fallback: string): string {
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__');
  if (entries.length === 0) return fallback;
  return `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

/** Per series (by label set), one value per period; the busiest current values first. */
export function assembleSeries(
  periods: readonly number[],
  rows: Iterable<{ labels: Record<string, string>; start: number; value: number }>,
  fallbackName: string,
): TrendSeries[] {
  const index = new Map(periods.map((p, i) => [p, i]));
  const byKey = new Map<string, { labels: Record<string, string>; values: (number | null)[] }>();
  for (const r of rows) {
    const i = index.get(r.start);
    if (i === undefined || !Number.isFinite(r.value)) continue;
    const key = JSON.stringify(Object.entries(r.labels).sort(([a], [b]) => a.localeCompare(b)));
    const s = byKey.get(key) ?? { labels: r.labels, values: periods.map(() => null) };
    s.values[i] = r.value;
    byKey.set(key, s);
  }
  const n = periods.length;
  return [...byKey.values()]
    .map((s) => {
      const current = s.values[n - 1] ?? null;
      const previous = n > 1 ? (s.values[n - 2] ?? null) : null;
      return { name: seriesName(s.labels, fallbackName), labels: s.labels, values: s.values, current, previous, change_pct: changePct(current, previous) };
    })
    .sort((a, b) => (b.current ?? -Infinity) - (a.current ?? -Infinity) || a.name.localeCompare(b.name))
    .slice(0, MAX_SERIES);
}

export interface TrendWindow {
  period: TrendPeriod;
  periods: number[];
  /** Where the current period's data ends: the last whole minute before `to`. */
  until: number;
}

export function trendWindow(to: number, period: TrendPeriod, count: number): TrendWindow {
  return { period, periods: periodStarts(to, period, count), until: Math.floor(to / MINUTE_MS) * MINUTE_MS };
}

/** One metric query (with `$period`) per period through the engine. */
export function metricTrend(
  engine: MetricQueryEngine,
  w: TrendWindow,
  item: { id: string; title: string; query: string; unit: string | null },
): TrendItem {
  if (!item.query.includes(PERIOD_PLACEHOLDER)) {
    throw new ApiError('bad_request', `query: use ${PERIOD_PLACEHOLDER} as the range window, e.g. avg_over_time(ingest.lines_per_s[${PERIOD_PLACEHOLDER}])`);
  }
  const p = PERIOD_MS[w.period];
  const rows: { labels: Record<string, string>; start: number; value: number }[] = [];
  let resolution: string | null = null;
  const complete = w.periods.slice(0, -1);
  if (complete.length > 0) {
    // Evaluated at each period's end, the window reaching back exactly to its start.
    const first = complete[0] as number;
    const last = complete.at(-1) as number;
    const r = engine.range(withWindow(item.query, p), first + p, last + p, p);
    resolution = r.resolution;
    for (const s of r.series) for (const [t, v] of s.points) rows.push({ labels: s.labels, start: t - p, value: v });
  }
  const current = w.periods.at(-1) as number;
  const elapsed = w.until - current;
  if (elapsed >= MINUTE_MS) {
    const r = engine.range(withWindow(item.query, elapsed), w.until, w.until, MINUTE_MS);
    for (const s of r.series) for (const [, v] of s.points) rows.push({ labels: s.labels, start: current, value: v });
  }
  return { ...item, source: 'metrics', resolution, series: assembleSeries(w.periods, rows, item.title) };
}

/**
 * ERROR and CRITICAL lines per hour, per spacecraft and period, from the logs themselves (no
 * metric carries them). `buckets` counts lines per spacecraft in period-long buckets from `from`.
 */
export function errorRateTrend(
  w: TrendWindow,
  buckets: (from: number, to: number, bucketMs: number) => { spacecraft_id: string; bucket: number; count: number }[],
): TrendItem {
  const p = PERIOD_MS[w.period];
  const current = w.periods.at(-1) as number;
  const first = w.periods[0] as number;
  const found = buckets(first, w.until, p);
  const hours = (start: number) => ((start === current ? w.until - current : p) / 3_600_000);
  const spacecraft = new Set(found.map((r) => r.spacecraft_id));
  const counts = new Map(found.map((r) => [`${r.spacecraft_id}\u0000${r.bucket}`, r.count]));
  const rows: { labels: Record<string, string>; start: number; value: number }[] = [];
  for (const sc of spacecraft) {
    for (const start of w.periods) {
      // A current period under a minute old has no meaningful rate yet.
      if (start === current && w.until - current < MINUTE_MS) continue;
      const n = counts.get(`${sc}\u0000${start}`) ?? 0;
      rows.push({ labels: { spacecraft: sc }, start, value: Math.round((n / hours(start)) * 1000) / 1000 });
    }
  }
  return {
    id: 'errors_by_spacecraft',
    title: 'Error rate by spacecraft',
    query: 'ERROR and CRITICAL log lines per hour, by spacecraft',
    source: 'logs',
    unit: 'errors/h',
    resolution: null,
    series: assembleSeries(w.periods, rows, 'all'),
  };
}

/** The default set: ingest rate, error rate by spacecraft, p95 of a telemetry metric. */
export function defaultTrends(
  engine: MetricQueryEngine,
  w: TrendWindow,
  errorBuckets: Parameters<typeof errorRateTrend>[1],
): TrendItem[] {
  const items: TrendItem[] = [
    metricTrend(engine, w, { id: 'ingest_rate', title: 'Ingest rate', query: `avg_over_time(ingest.lines_per_s[${PERIOD_PLACEHOLDER}])`, unit: 'lines/s' }),
    errorRateTrend(w, errorBuckets),
  ];
  const telemetry = telemetryMetric(engine);
  if (telemetry) {
    items.push(
      metricTrend(engine, w, {
        id: 'telemetry_p95',
        title: `p95 of ${telemetry}`,
        query: `max by (spacecraft) (quantile_over_time(0.95, ${telemetry}[${PERIOD_PLACEHOLDER}]))`,
        unit: null,
      }),
    );
  }
  return items;
}

/** The default telemetry metric if stored, else the first (by name) that carries a spacecraft label. */
function telemetryMetric(engine: MetricQueryEngine): string | null {
  const names = new Set<string>();
  for (const labels of engine.series()) if (labels.spacecraft !== undefined && labels.__name__) names.add(labels.__name__);
  if (names.has(DEFAULT_TELEMETRY_METRIC)) return DEFAULT_TELEMETRY_METRIC;
  return [...names].sort()[0] ?? null;
}

export function metricTrends(
  engine: MetricQueryEngine,
  input: { period: TrendPeriod; periods?: number | undefined; query?: string | undefined },
  to: number,
  errorBuckets: Parameters<typeof errorRateTrend>[1],
): MetricTrends {
  const w = trendWindow(to, input.period, input.periods ?? DEFAULT_PERIODS[input.period]);
  const items = input.query
    ? [metricTrend(engine, w, { id: 'query', title: input.query, query: input.query, unit: null })]
    : defaultTrends(engine, w, errorBuckets);
  return { period: input.period, period_ms: PERIOD_MS[input.period], periods: w.periods, current_until: w.until, items };
}
