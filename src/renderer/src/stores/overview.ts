import { create } from 'zustand';
import type { Overview } from '../../../shared/api/schemas/fleet';
import { LOG_LEVELS, type LogLevel } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export const OVERVIEW_RANGE = 'now-24h';

export interface OverviewState extends Loadable {
  data: Overview | null;
  load(): Promise<boolean>;
}

export function createOverviewStore(api: ApiClient) {
  return create<OverviewState>()((set, get) => ({
    ...initialLoadable,
    data: null,
    load: createLoader(set, get, () => api.dashboards.overview({ from: OVERVIEW_RANGE }), (data) => ({ data })),
  }));
}

export type OverviewStore = ReturnType<typeof createOverviewStore>;

/** Every level with its count, zero when the station reported none, in severity order. */
export function levelCounts(data: Overview | null): { level: LogLevel; count: number }[] {
  const byLevel = new Map((data?.by_level ?? []).map((b) => [b.level.toUpperCase(), b.count]));
  return LOG_LEVELS.map((level) => ({ level, count: byLevel.get(level) ?? 0 }));
}
