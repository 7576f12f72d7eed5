import { create } from 'zustand';
import type { MetricSeriesOutput, SystemMetrics } from '../../../shared/api/schemas/metrics';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { createLoader, initialLoadable, type Loadable } from './load';

/** The station's own metrics an operator can chart; the unit decides axis formatting. */
export const SERIES_CHOICES = [
  { name: 'host.cpu.usage_pct', label: 'Host CPU usage', unit: 'pct' },
  { name: 'host.memory.used_pct', label: 'Host memory used', unit: 'pct' },
  { name: 'process.rss_bytes', label: 'Process RSS', unit: 'bytes' },
  { name: 'process.event_loop_lag_p99_ms', label: 'Event-loop lag p99', unit: 'ms' },
  { name: 'ingest.lines_per_s', label: 'Ingest rate', unit: 'rate' },
] as const;
export type SeriesName = (typeof SERIES_CHOICES)[number]['name'];
export const SERIES_RANGE = 'now-1h';

export interface MetricsState extends Loadable {
  snapshot: SystemMetrics | null;
  seriesName: SeriesName;
  series: MetricSeriesOutput | null;
  seriesStatus: 'idle' | 'loading' | 'ready' | 'error';
  seriesError: string | null;
  load(): Promise<boolean>;
  /** A snapshot pushed by a `metrics.system` event replaces the polled one. */
  setSnapshot(snapshot: SystemMetrics): void;
  loadSeries(name?: SeriesName): Promise<void>;
}

export function createMetricsStore(api: ApiClient) {
  let seriesTicket = 0;
  return create<MetricsState>()((set, get) => ({
    ...initialLoadable,
    snapshot: null,
    seriesName: SERIES_CHOICES[0].name,
    series: null,
    seriesStatus: 'idle',
    seriesError: null,
    load: createLoader(set, get, () => api.metrics.system(), (snapshot) => ({ snapshot })),
    setSnapshot(snapshot) {
      set({ snapshot, status: 'ready', error: null, errorCode: null, loadedAt: Date.now() });
    },
    async loadSeries(name = get().seriesName) {
      const mine = ++seriesTicket;
      const switching = name !== get().seriesName;
      set({ seriesName: name, seriesError: null, ...(switching || !get().series ? { seriesStatus: 'loading', series: null } : {}) });
      try {
        const series = await api.metrics.series({ name, from: SERIES_RANGE });
        if (mine === seriesTicket) set({ series, seriesStatus: 'ready' });
      } catch (e) {
        if (mine === seriesTicket) set({ seriesStatus: 'error', seriesError: messageOf(e) });
      }
    },
  }));
}

export type MetricsStore = ReturnType<typeof createMetricsStore>;
