import { create } from 'zustand';
import type { Endpoint, Overview, Spacecraft, Trends } from '../../../shared/api/schemas/fleet';
import { LOG_LEVELS, type LogLevel } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export const OVERVIEW_RANGE = 'now-24h';
/** The station records its own ingest rate under this name (the system collector). */
export const INGEST_RATE_METRIC = 'ingest.lines_per_s';

export interface OverviewState extends Loadable {
  data: Overview | null;
  /** Fleet tiles: the health endpoint is the one source of status and score. */
  fleet: Spacecraft[];
  /** Station links: the monitored endpoints (ground stations, relays) and their state. */
  links: Endpoint[];
  ingest: [number, number][];
  /** Spacecraft whose line counts moved most against the previous period of the same length. */
  movers: Trends['top_movers'];
  /** The window of the last load, reused by refreshes that do not pass one. */
  window: { from: number; to: number } | null;
  load(window?: { from: number; to: number }): Promise<boolean>;
}

export function createOverviewStore(api: ApiClient) {
  return create<OverviewState>()((set, get) => {
    let requested: { from: number; to: number } | null = null;
    const loader = createLoader(
      set,
      get,
      async () => {
        const w = requested;
        const range = w ? { from: String(w.from), to: String(w.to) } : { from: OVERVIEW_RANGE };
        const [data, fleet, links, ingest, trends] = await Promise.all([
          api.dashboards.overview(range),
          api.spacecraft.health(),
          api.monitoring.listEndpoints(),
          // A chart, not a verdict: without the series the rest of the overview still shows.
          api.metrics.series({ name: INGEST_RATE_METRIC, ...range, limit: 2000 }).catch(() => ({ points: [] as [number, number][] })),
          api.analytics.trends({ ...range, group_by: 'spacecraft_id' }),
        ]);
        return { data, fleet: fleet.items, links: links.items, ingest: ingest.points, movers: trends.top_movers, window: w };
      },
      (v) => v,
    );
    return {
      ...initialLoadable,
      data: null,
      fleet: [],
      links: [],
      ingest: [],
      movers: [],
      window: null,
      load(window) {
        requested = window ?? get().window;
        return loader();
      },
    };
  });
}

export type OverviewStore = ReturnType<typeof createOverviewStore>;

/** Every level with its count, zero when the station reported none, in severity order. */
export function levelCounts(data: Overview | null): { level: LogLevel; count: number }[] {
  const byLevel = new Map((data?.by_level ?? []).map((b) => [b.level.toUpperCase(), b.count]));
  return LOG_LEVELS.map((level) => ({ level, count: byLevel.get(level) ?? 0 }));
}
