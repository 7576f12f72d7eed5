import { create } from 'zustand';
import type { Alert } from '../../../shared/api/schemas/alerts';
import type { Endpoint, Spacecraft } from '../../../shared/api/schemas/fleet';
import type { LogEntry } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { createLoader, initialLoadable, type Loadable } from './load';
import { runRangeQuery, type QueryResult } from './metric-queries';

/** How many telemetry charts a spacecraft page draws at most (one query each). */
export const MAX_TELEMETRY_CHARTS = 12;
const SPACECRAFT_LABELS = ['spacecraft', 'spacecraft_id'] as const;

export interface SpacecraftDetail {
  id: string;
  logs: LogEntry[];
  alerts: Alert[];
  endpoints: Endpoint[];
  telemetry: { metric: string; result: QueryResult }[];
}

export interface SpacecraftState extends Loadable {
  items: Spacecraft[];
  detail: SpacecraftDetail | null;
  detailError: string | null;
  load(): Promise<boolean>;
  loadDetail(id: string, window: { from: number; to: number }): Promise<void>;
}

/** A selector for one metric of one spacecraft; names outside PromQL's alphabet go in __name__. */
export function telemetryQuery(metric: string, label: string, spacecraft: string): string {
  const value = JSON.stringify(spacecraft);
  return /^[A-Za-z_:][A-Za-z0-9_:]*$/.test(metric) ? `${metric}{${label}=${value}}` : `{__name__=${JSON.stringify(metric)}, ${label}=${value}}`;
}

/** Alerts about this spacecraft: their labels name it. */
export function alertsFor(alerts: readonly Alert[], id: string): Alert[] {
  return alerts.filter((a) => SPACECRAFT_LABELS.some((k) => a.labels[k] === id));
}

export function createSpacecraftStore(api: ApiClient) {
  let detailTicket = 0;
  return create<SpacecraftState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    detail: null,
    detailError: null,
    load: createLoader(set, get, () => api.spacecraft.health(), (list) => ({ items: list.items })),

    async loadDetail(id, w) {
      const mine = ++detailTicket;
      if (get().detail?.id !== id) set({ detail: null, detailError: null });
      try {
        const [logs, alerts, endpoints, names] = await Promise.all([
          api.logs.search({ spacecraft_id: id, from: String(w.from), to: String(w.to), limit: 25 }),
          api.alerts.active({ status: 'all', limit: 500 }),
          api.monitoring.listEndpoints(),
          // Telemetry is optional: without metric names the rest of the page still loads.
          api.metrics.names({}).catch(() => ({ names: [] })),
          get().load(),
        ]);
        // Telemetry: every metric that carries a spacecraft label, queried for this one.
        const metrics = names.names
          .map((n) => ({ metric: n.name, label: SPACECRAFT_LABELS.find((k) => n.labels.includes(k)) }))
          .filter((m): m is { metric: string; label: (typeof SPACECRAFT_LABELS)[number] } => m.label !== undefined)
          .slice(0, MAX_TELEMETRY_CHARTS * 2);
        const results = await Promise.all(
          metrics.map(async (m) => ({ metric: m.metric, result: await runRangeQuery(api, telemetryQuery(m.metric, m.label, id), w) })),
        );
        if (mine !== detailTicket) return;
        set({
          detailError: null,
          detail: {
            id,
            logs: logs.items,
            alerts: alertsFor(alerts.items, id),
            endpoints: endpoints.items.filter((e) => e.spacecraft_id === id),
            // Metrics with the label but no series for this spacecraft are left out.
            telemetry: results.filter((r) => r.result.status === 'error' || r.result.series.length > 0).slice(0, MAX_TELEMETRY_CHARTS),
          },
        });
      } catch (e) {
        if (mine === detailTicket) set({ detailError: messageOf(e) });
      }
    },
  }));
}

export type SpacecraftStore = ReturnType<typeof createSpacecraftStore>;
