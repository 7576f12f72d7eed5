import { create } from 'zustand';
import type { LogContext, LogFacets, LogHistogram } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { toQueryFields, type LogQuery } from './logs-query';

/** Lines shown either side of an anchor in the context panel. */
export const CONTEXT_LINES = 10;

export interface ContextView {
  status: 'loading' | 'ready' | 'error';
  data: LogContext | null;
  error: string | null;
}

export interface LogAnalysisState {
  histogram: LogHistogram | null;
  histogramError: string | null;
  /** The exact count of an estimated histogram: being fetched, or why it could not be had. */
  exactCount: { status: 'counting' | 'error'; error: string | null } | null;
  facets: LogFacets | null;
  facetsError: string | null;
  /** Context panels by anchor line id; a panel is open while its entry exists. */
  contexts: Record<number, ContextView>;
  /** Histogram and facets for the query the results belong to; both fetched side by side. */
  analyse(query: LogQuery): Promise<void>;
  /** Replace an estimated histogram by the exact one (which may take long, or be refused). */
  countExactly(query: LogQuery): Promise<void>;
  openContext(id: number): Promise<void>;
  closeContext(id: number): void;
}

export function createLogAnalysisStore(api: ApiClient) {
  // A slow answer for an older query must not replace the newer one's.
  let ticket = 0;

  return create<LogAnalysisState>()((set, get) => ({
    histogram: null,
    histogramError: null,
    exactCount: null,
    facets: null,
    facetsError: null,
    contexts: {},

    async analyse(query) {
      const mine = ++ticket;
      const fields = toQueryFields(query);
      const [histogram, facets] = await Promise.allSettled([api.logs.histogram(fields), api.logs.facets(fields)]);
      if (mine !== ticket) return;
      set({
        exactCount: null,
        ...(histogram.status === 'fulfilled'
          ? { histogram: histogram.value, histogramError: null }
          : { histogram: null, histogramError: messageOf(histogram.reason) }),
        ...(facets.status === 'fulfilled'
          ? { facets: facets.value, facetsError: null }
          : { facets: null, facetsError: messageOf(facets.reason) }),
      });
    },

    async countExactly(query) {
      const mine = ticket;
      set({ exactCount: { status: 'counting', error: null } });
      try {
        const histogram = await api.logs.histogram({ ...toQueryFields(query), exact: true });
        if (mine === ticket) set({ histogram, exactCount: null });
      } catch (e) {
        // The estimate stays: it is still the best answer there is.
        if (mine === ticket) set({ exactCount: { status: 'error', error: messageOf(e) } });
      }
    },

    async openContext(id) {
      set((s) => ({ contexts: { ...s.contexts, [id]: { status: 'loading', data: s.contexts[id]?.data ?? null, error: null } } }));
      try {
        const data = await api.logs.context({ id, before: CONTEXT_LINES, after: CONTEXT_LINES, same: 'both' });
        // Closed while loading: stay closed.
        if (!get().contexts[id]) return;
        set((s) => ({ contexts: { ...s.contexts, [id]: { status: 'ready', data, error: null } } }));
      } catch (e) {
        if (!get().contexts[id]) return;
        set((s) => ({ contexts: { ...s.contexts, [id]: { status: 'error', data: null, error: messageOf(e) } } }));
      }
    },

    closeContext(id) {
      set((s) => {
        const { [id]: _closed, ...rest } = s.contexts;
        return { contexts: rest };
      });
    },
  }));
}

export type LogAnalysisStore = ReturnType<typeof createLogAnalysisStore>;
