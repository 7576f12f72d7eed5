import { create } from 'zustand';
import type { AcknowledgeInput, Alert, AlertDetail, AuditEntry, AuditInput, ShelveInput, Silence, SilenceInput } from '../../../shared/api/schemas/alerts';
import { rankOf } from '../lib/enums';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface AlertsState extends Loadable {
  items: Alert[];
  /** The alert whose detail (timeline, triggering data) is open, and that detail. */
  detail: AlertDetail | null;
  audit: AuditEntry[];
  silences: Silence[];
  load(): Promise<boolean>;
  acknowledge(input: AcknowledgeInput): Promise<Alert>;
  shelve(input: ShelveInput): Promise<Alert>;
  unshelve(id: number, by: string): Promise<Alert>;
  openDetail(id: number | null): Promise<void>;
  searchAudit(input: AuditInput): Promise<void>;
  loadSilences(): Promise<void>;
  createSilence(input: SilenceInput): Promise<Silence>;
  expireSilence(id: number, by: string): Promise<void>;
  /** Apply an alert pushed by an event or returned by an action without a round trip. */
  upsert(alert: Alert): void;
}

export function createAlertsStore(api: ApiClient) {
  return create<AlertsState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    detail: null,
    audit: [],
    silences: [],
    load: createLoader(set, get, () => api.alerts.active({}), (list) => ({ items: list.items })),
    async acknowledge(input) {
      const alert = await api.alerts.acknowledge(input);
      get().upsert(alert);
      return alert;
    },
    async shelve(input) {
      const alert = await api.alerts.shelve(input);
      get().upsert(alert);
      return alert;
    },
    async unshelve(id, by) {
      const alert = await api.alerts.unshelve({ id, by });
      get().upsert(alert);
      return alert;
    },
    async openDetail(id) {
      if (id === null) return set({ detail: null });
      set({ detail: await api.alerts.get({ id }) });
    },
    async searchAudit(input) {
      set({ audit: (await api.alerts.audit(input)).items });
    },
    async loadSilences() {
      set({ silences: (await api.alerts.listSilences()).items });
    },
    async createSilence(input) {
      const s = await api.alerts.createSilence(input);
      await get().loadSilences();
      return s;
    },
    async expireSilence(id, by) {
      await api.alerts.expireSilence({ id, by });
      await get().loadSilences();
    },
    upsert(alert) {
      set((s) => {
        // Resolved alerts leave the active list, exactly as the next alerts.active would drop them.
        const others = s.items.filter((a) => a.id !== alert.id);
        const detail = s.detail && s.detail.alert.id === alert.id ? { ...s.detail, alert } : s.detail;
        return { items: alert.status === 'resolved' ? others : [...others, alert], detail };
      });
    },
  }));
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;

/** Someone must still look: fired and not acknowledged, or latched after clearing. */
export const needsAck = (a: Pick<Alert, 'status'>): boolean => a.status === 'firing' || a.status === 'cleared';

/** What the global banner counts. */
export const selectUnacknowledgedCount = (s: Pick<AlertsState, 'items'>): number => s.items.reduce((n, a) => n + (needsAck(a) ? 1 : 0), 0);

const STATUS_ORDER = ['firing', 'cleared', 'pending', 'acknowledged', 'shelved', 'resolved'] as const;
const SEVERITY_ORDER = ['critical', 'warning', 'info'] as const;

/** Needs-attention first: unacknowledged before acknowledged, then severity, then newest. */
export function sortAlerts(items: readonly Alert[]): Alert[] {
  return [...items].sort(
    (a, b) =>
      Number(needsAck(b)) - Number(needsAck(a)) ||
      rankOf(SEVERITY_ORDER, a.severity) - rankOf(SEVERITY_ORDER, b.severity) ||
      rankOf(STATUS_ORDER, a.status) - rankOf(STATUS_ORDER, b.status) ||
      b.triggered_at - a.triggered_at ||
      b.id - a.id,
  );
}
