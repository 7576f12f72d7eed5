/**
 * Running metric range queries for charts (the explorer and dashboard panels share this): one
 * call per query over the global window, at a step giving about two points per pixel at most.
 */
import type { MetricQueryRangeOutput } from '../../../shared/api/schemas/metrics';
import type { ApiClient } from '../api/client';
import { seriesName, type NamedSeries, type SeriesLabels } from '../charts/options/query-series';
import { messageOf } from '../lib/errors';
import { stepFor } from './time-range';

export interface QueryResult {
  query: string;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  series: { labels: SeriesLabels; points: [number, number][] }[];
  resolution: MetricQueryRangeOutput['resolution'] | null;
  stepMs: number | null;
}

export interface QueryWindow {
  from: number;
  to: number;
  /** Chart width in points; ~250 suits a panel, the explorer asks for more. */
  points?: number;
}

export async function runRangeQuery(api: ApiClient, query: string, w: QueryWindow): Promise<QueryResult> {
  const points = w.points ?? 250;
  try {
    const out = await api.metrics.queryRange({
      query,
      start: String(Math.floor(w.from)),
      end: String(Math.ceil(w.to)),
      step: stepFor(w, points),
      max_points: Math.min(20_000, points * 2),
    });
    return { query, status: 'ready', error: null, series: out.series, resolution: out.resolution, stepMs: out.stepMs };
  } catch (e) {
    return { query, status: 'error', error: messageOf(e), series: [], resolution: null, stepMs: null };
  }
}

/**
 * Results of several queries as named series for one chart. With more than one query each
 * name is prefixed by the query's letter (A, B…) so overlaid series stay told apart; a hidden
 * query is passed as undefined so the letters keep matching the query boxes.
 */
export function namedSeries(results: readonly (QueryResult | undefined)[]): NamedSeries[] {
  const many = results.length > 1;
  return results.flatMap((r, i) =>
    r
      ? r.series.map((s) => ({
          name: `${many ? `${queryLetter(i)}: ` : ''}${seriesName(s.labels, r.query)}`,
          points: s.points,
        }))
      : [],
  );
}

export const queryLetter = (i: number): string => String.fromCharCode(65 + (i % 26));
