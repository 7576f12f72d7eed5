import { create } from 'zustand';
import type { AcknowledgeInput, Alert } from '../../../shared/api/schemas/alerts';
import { rankOf } from '../lib/enums';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface AlertsState extends Loadable {
  items: Alert[];
  load(): Promise<boolean>;
  acknowledge(input: AcknowledgeInput): Promise<Alert>;
  /** Apply an alert pushed by an event or returned by an action without a round trip. */
  upsert(alert: Alert): void;
}

export function createAlertsStore(api: ApiClient) {
  return create<AlertsState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    load: createLoader(set, get, () => api.alerts.active({}), (list) => ({ items: list.items })),
    async acknowledge(input) {
      const alert = await api.alerts.acknowledge(input);
      get().upsert(alert);
      return alert;
    },
    upsert(alert) {
      set((s) => {
        // Resolved alerts leave the active list, exactly as the next alerts.active would drop them.
        const others = s.items.filter((a) => a.id !== alert.id);
        return { items: alert.status === 'resolved' ? others : [...others, alert] };
      });
    },
  }));
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;

/** What the global banner counts: fired and nobody has acknowledged yet. */
export const selectUnacknowledgedCount = (s: Pick<AlertsState, 'items'>): number =>
  s.items.reduce((n, a) => n + (a.status === 'firing' ? 1 : 0), 0);

const STATUS_ORDER = ['firing', 'pending', 'acknowledged', 'resolved'] as const;
const SEVERITY_ORDER = ['critical', 'warning', 'info'] as const;

/** Needs-attention first: unacknowledged before acknowledged, then severity, then newest. */
export function sortAlerts(items: readonly Alert[]): Alert[] {
  return [...items].sort(
    (a, b) =>
      rankOf(STATUS_ORDER, a.status) - rankOf(STATUS_ORDER, b.status) ||
      rankOf(SEVERITY_ORDER, a.severity) - rankOf(SEVERITY_ORDER, b.severity) ||
      b.triggered_at - a.triggered_at ||
      b.id - a.id,
  );
}
