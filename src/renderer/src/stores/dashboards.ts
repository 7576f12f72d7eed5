/**
 * Editable dashboards: the list, the open dashboard as saved, and the draft being edited.
 * Edits change only the draft; Save sends it whole (the station validates and names the field
 * at fault), Discard returns to the saved copy. Panel data is fetched per panel over the
 * global time range.
 */
import { create } from 'zustand';
import type { Dashboard, DashboardList, Panel } from '../../../shared/api/schemas/dashboards';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import * as layout from './dashboard-layout';
import { runRangeQuery, type QueryResult, type QueryWindow } from './metric-queries';

export interface DashboardsState {
  items: DashboardList['items'];
  listStatus: 'idle' | 'loading' | 'ready' | 'error';
  saved: Dashboard | null;
  draft: Dashboard | null;
  editing: boolean;
  dirty: boolean;
  busy: boolean;
  /** The last failure (load, save, import, delete), shown until the next action. */
  error: string | null;
  /** Per panel id, one result per query. */
  results: Record<string, QueryResult[]>;
  loadList(): Promise<void>;
  open(id: number): Promise<boolean>;
  close(): void;
  create(name: string): Promise<Dashboard | null>;
  remove(id: number): Promise<boolean>;
  importText(text: string): Promise<Dashboard | null>;
  setEditing(on: boolean): void;
  edit(change: (panels: readonly Panel[]) => Panel[]): void;
  rename(name: string): void;
  save(): Promise<boolean>;
  discard(): void;
  runPanels(window: QueryWindow): Promise<void>;
}

export function createDashboardsStore(api: ApiClient) {
  let runTicket = 0;
  return create<DashboardsState>()((set, get) => {
    const fail = (e: unknown) => set({ error: messageOf(e), busy: false });
    return {
      items: [],
      listStatus: 'idle',
      saved: null,
      draft: null,
      editing: false,
      dirty: false,
      busy: false,
      error: null,
      results: {},

      async loadList() {
        if (get().listStatus !== 'ready') set({ listStatus: 'loading' });
        try {
          const { items } = await api.dashboards.list();
          set({ items, listStatus: 'ready' });
        } catch (e) {
          set({ listStatus: 'error', error: messageOf(e) });
        }
      },

      async open(id) {
        if (get().saved?.id === id && get().draft) return true;
        set({ busy: true, error: null });
        try {
          const d = await api.dashboards.get({ id });
          set({ saved: d, draft: d, dirty: false, editing: false, busy: false, results: {} });
          return true;
        } catch (e) {
          set({ saved: null, draft: null });
          fail(e);
          return false;
        }
      },

      close() {
        set({ saved: null, draft: null, editing: false, dirty: false, results: {}, error: null });
      },

      async create(name) {
        set({ busy: true, error: null });
        try {
          const d = await api.dashboards.save({ name, panels: [layout.newPanel([])] });
          set({ busy: false });
          await get().loadList();
          return d;
        } catch (e) {
          fail(e);
          return null;
        }
      },

      async remove(id) {
        set({ busy: true, error: null });
        try {
          await api.dashboards.delete({ id });
          if (get().saved?.id === id) get().close();
          set({ busy: false });
          await get().loadList();
          return true;
        } catch (e) {
          fail(e);
          return false;
        }
      },

      async importText(text) {
        const parsed = layout.parseDashboardImport(text);
        if (!parsed.ok) {
          set({ error: parsed.message });
          return null;
        }
        set({ busy: true, error: null });
        try {
          const d = await api.dashboards.save(parsed.input);
          set({ busy: false });
          await get().loadList();
          return d;
        } catch (e) {
          set({ error: `Import refused: ${messageOf(e)}`, busy: false });
          return null;
        }
      },

      setEditing(on) {
        set({ editing: on });
      },

      edit(change) {
        const draft = get().draft;
        if (!draft) return;
        set({ draft: { ...draft, panels: change(draft.panels) }, dirty: true });
      },

      rename(name) {
        const draft = get().draft;
        if (draft) set({ draft: { ...draft, name }, dirty: true });
      },

      async save() {
        const draft = get().draft;
        if (!draft) return false;
        set({ busy: true, error: null });
        try {
          const d = await api.dashboards.save({ id: draft.id, name: draft.name, description: draft.description, panels: draft.panels });
          set({ saved: d, draft: d, dirty: false, busy: false });
          void get().loadList();
          return true;
        } catch (e) {
          fail(e);
          return false;
        }
      },

      discard() {
        set({ draft: get().saved, dirty: false, error: null });
      },

      async runPanels(window) {
        const mine = ++runTicket;
        const panels = get().draft?.panels ?? [];
        const answers = await Promise.all(
          panels.map(async (p) => [p.id, await Promise.all(p.queries.map((q) => runRangeQuery(api, q, window)))] as const),
        );
        if (mine === runTicket) set({ results: Object.fromEntries(answers) });
      },
    };
  });
}

export type DashboardsStore = ReturnType<typeof createDashboardsStore>;
