import { create } from 'zustand';
import type { LogEntry } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { isApiError } from '../../../shared/api/errors';
import { messageOf } from '../lib/errors';
import { DEFAULT_LOG_QUERY, toSearchInput, type LogQuery } from './logs-query';

/** A note from the query parser about the text as typed (position is a character offset). */
export interface QueryHint {
  position: number | null;
  message: string;
}

/** `hints` is an optional, newer part of the search answer: read it without trusting its shape. */
export function hintsOf(page: unknown): QueryHint[] {
  const raw = typeof page === 'object' && page !== null ? (page as { hints?: unknown }).hints : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((h: unknown) => {
    if (typeof h !== 'object' || h === null) return [];
    const { position, message } = h as { position?: unknown; message?: unknown };
    if (typeof message !== 'string' || !message) return [];
    return [{ position: typeof position === 'number' ? position : null, message }];
  });
}

export interface LogsState {
  /** The query the shown results belong to (the form may hold an unsent draft). */
  query: LogQuery;
  items: LogEntry[];
  nextCursor: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  error: string | null;
  /** True when the station refused the query itself (400): shown under the query bar. */
  queryRejected: boolean;
  hints: QueryHint[];
  /** Bumped by every first-page search, so the histogram and facets can follow it. */
  searchSeq: number;
  /** Pages loaded for this query; live refresh only replaces a single first page. */
  pages: number;
  /** Lines ingested since the results were fetched, for the "new lines" hint. */
  newLines: number;
  live: boolean;
  services: string[];
  spacecraft: string[];
  valuesLoadedAt: number;
  /** `quiet` keeps the current results on screen while fetching (live refresh of the same query). */
  search(query?: LogQuery, options?: { quiet?: boolean }): Promise<void>;
  loadMore(): Promise<void>;
  noteIngested(count: number): void;
  setLive(live: boolean): void;
  loadFilterValues(): Promise<void>;
}

/** True when replacing the results would not yank away pages or a running request. */
export const selectCanAutoRefresh = (s: LogsState): boolean =>
  s.live && s.pages <= 1 && s.status === 'ready' && !s.loadingMore;

export function createLogsStore(api: ApiClient) {
  // Every search or load-more takes a ticket; an answer whose ticket is stale is dropped.
  let ticket = 0;

  return create<LogsState>()((set, get) => ({
    query: DEFAULT_LOG_QUERY,
    items: [],
    nextCursor: null,
    status: 'idle',
    loadingMore: false,
    error: null,
    queryRejected: false,
    hints: [],
    searchSeq: 0,
    pages: 0,
    newLines: 0,
    live: true,
    services: [],
    spacecraft: [],
    valuesLoadedAt: 0,

    async search(query = get().query, options = {}) {
      const mine = ++ticket;
      if (options.quiet && get().status === 'ready') set((s) => ({ query, loadingMore: false, searchSeq: s.searchSeq + 1 }));
      else set((s) => ({ query, status: 'loading', loadingMore: false, error: null, searchSeq: s.searchSeq + 1 }));
      try {
        const page = await api.logs.search(toSearchInput(query));
        if (mine !== ticket) return;
        set({
          items: page.items,
          nextCursor: page.next_cursor,
          status: 'ready',
          error: null,
          queryRejected: false,
          hints: hintsOf(page),
          pages: 1,
          newLines: 0,
        });
      } catch (e) {
        if (mine !== ticket) return;
        const queryRejected = isApiError(e) && e.code === 'bad_request';
        set({ items: [], nextCursor: null, status: 'error', error: messageOf(e), queryRejected, hints: [], pages: 0 });
      }
    },

    async loadMore() {
      const { nextCursor, query, loadingMore } = get();
      if (!nextCursor || loadingMore) return;
      const mine = ++ticket;
      set({ loadingMore: true, error: null });
      try {
        const page = await api.logs.search(toSearchInput(query, nextCursor));
        if (mine !== ticket) return;
        // Lines ingested between pages can shift the window; never show one twice.
        const seen = new Set(get().items.map((e) => e.id));
        const fresh = page.items.filter((e) => !seen.has(e.id));
        set((s) => ({ items: [...s.items, ...fresh], nextCursor: page.next_cursor, pages: s.pages + 1, loadingMore: false }));
      } catch (e) {
        if (mine !== ticket) return;
        set({ loadingMore: false, error: messageOf(e) });
      }
    },

    noteIngested(count) {
      set((s) => ({ newLines: s.newLines + count }));
    },

    setLive(live) {
      set({ live });
    },

    async loadFilterValues() {
      try {
        const [services, spacecraft] = await Promise.all([
          api.logs.values({ field: 'service', limit: 200 }),
          api.logs.values({ field: 'spacecraft_id', limit: 200 }),
        ]);
        set({
          services: services.values.map((v) => v.value),
          spacecraft: spacecraft.values.map((v) => v.value),
          valuesLoadedAt: Date.now(),
        });
      } catch {
        // The selects keep their old options; the search itself reports reachability problems.
      }
    },
  }));
}

export type LogsStore = ReturnType<typeof createLogsStore>;
