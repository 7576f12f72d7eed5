import { create } from 'zustand';
import type { SavedSearch } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { toSavedQuery } from './logs-query-text';
import type { LogQuery } from './logs-query';

export interface SearchesState {
  items: SavedSearch[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  saving: boolean;
  load(): Promise<void>;
  /** Saving under an existing name replaces that search (the station decides). */
  save(name: string, query: LogQuery): Promise<boolean>;
  remove(id: number): Promise<void>;
}

const byName = (a: SavedSearch, b: SavedSearch) => a.name.localeCompare(b.name);

export function createSearchesStore(api: ApiClient) {
  let ticket = 0;
  return create<SearchesState>()((set, get) => ({
    items: [],
    status: 'idle',
    error: null,
    saving: false,

    async load() {
      const mine = ++ticket;
      if (get().status !== 'ready') set({ status: 'loading', error: null });
      try {
        const { items } = await api.searches.list();
        if (mine !== ticket) return;
        set({ items: [...items].sort(byName), status: 'ready', error: null });
      } catch (e) {
        if (mine !== ticket) return;
        set({ status: 'error', error: messageOf(e) });
      }
    },

    async save(name, query) {
      const trimmed = name.trim();
      if (!trimmed) {
        set({ error: 'Give the search a name' });
        return false;
      }
      set({ saving: true, error: null });
      try {
        const saved = await api.searches.save({ name: trimmed, query: toSavedQuery(query) });
        ticket++; // an older list answer must not drop the new entry
        set((s) => ({ items: [...s.items.filter((x) => x.id !== saved.id && x.name !== saved.name), saved].sort(byName), saving: false }));
        return true;
      } catch (e) {
        set({ saving: false, error: messageOf(e) });
        return false;
      }
    },

    async remove(id) {
      set({ error: null });
      try {
        await api.searches.delete({ id });
        ticket++;
        set((s) => ({ items: s.items.filter((x) => x.id !== id) }));
      } catch (e) {
        set({ error: messageOf(e) });
      }
    },
  }));
}

export type SearchesStore = ReturnType<typeof createSearchesStore>;
