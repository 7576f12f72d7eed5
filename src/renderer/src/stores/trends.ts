/**
 * Metric trends per day or week (`GET /analytics/trends?period=…`): the default set (ingest
 * rate, error rate by spacecraft, p95 of a telemetry metric) or one query the operator typed
 * with `$period` as its window. Separate from the overview store, which polls every few seconds;
 * daily figures need no such pace.
 */
import { create } from 'zustand';
import type { MetricTrends, TrendPeriod } from '../../../shared/api/schemas/trends';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface TrendsState extends Loadable {
  period: TrendPeriod;
  /** The operator's query; empty for the default set. */
  query: string;
  trends: MetricTrends | null;
  /** Figures up to `to` (the global window's end), or up to now. */
  load(to?: number): Promise<boolean>;
  setPeriod(period: TrendPeriod): Promise<boolean>;
  setQuery(query: string): Promise<boolean>;
}

export function createTrendsStore(api: ApiClient) {
  return create<TrendsState>()((set, get) => {
    let end: number | undefined;
    const loader = createLoader(
      set,
      get,
      async () => {
        const { period, query } = get();
        const to = end;
        // `from` only bounds the log-volume part of the answer, which this store ignores.
        const range = to === undefined ? {} : { from: String(to - 3_600_000), to: String(to) };
        const answer = await api.analytics.trends({ ...range, period, ...(query.trim() ? { query: query.trim() } : {}) });
        return answer.metric_trends ?? null;
      },
      (trends) => ({ trends }),
    );
    return {
      ...initialLoadable,
      period: 'day',
      query: '',
      trends: null,
      load(to) {
        end = to;
        return loader();
      },
      setPeriod(period) {
        set({ period });
        return loader();
      },
      setQuery(query) {
        set({ query });
        return loader();
      },
    };
  });
}

export type TrendsStore = ReturnType<typeof createTrendsStore>;
