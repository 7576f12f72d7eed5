import { create } from 'zustand';
import type { LogContext, LogFacets, LogHistogram } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { toQueryFields, type LogQuery, type LogQueryFields } from './logs-query';

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
  // "Count exactly" holds for the query it was asked for (its fields as a key), across the quiet
  // re-searches of auto-refresh: they then ask for the exact count too, one at a time, and never
  // put an estimate back in its place.
  let exactFor: string | null = null;
  let exactRunning = false;
  const keyOf = (fields: LogQueryFields) => JSON.stringify(fields);

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
      const exact = exactFor === keyOf(fields);
      if (!exact) exactFor = null;
      // An exact count still under way for this query: keep the histogram shown, refresh the facets.
      const skipHistogram = exact && exactRunning;
      if (exact && !skipHistogram) exactRunning = true;
      const [histogram, facets] = await Promise.allSettled([
        skipHistogram ? Promise.resolve(null) : api.logs.histogram(exact ? { ...fields, exact: true } : fields),
        api.logs.facets(fields),
      ]);
      if (exact && !skipHistogram) exactRunning = false;
      if (mine !== ticket) return;
      set({
        ...(exact ? {} : { exactCount: null }),
        ...(histogram.status === 'fulfilled'
          ? histogram.value
            ? { histogram: histogram.value, histogramError: null }
            : {}
          : { histogram: null, histogramError: messageOf(histogram.reason) }),
        ...(facets.status === 'fulfilled'
          ? { facets: facets.value, facetsError: null }
          : { facets: null, facetsError: messageOf(facets.reason) }),
      });
    },

    async countExactly(query) {
      const fields = toQueryFields(query);
      const key = keyOf(fields);
      if (exactRunning && exactFor === key) return;
      exactFor = key;
      exactRunning = true;
      set({ exactCount: { status: 'counting', error: null } });
      try {
        const histogram = await api.logs.histogram({ ...fields, exact: true });
        if (exactFor === key) set({ histogram, exactCount: null });
      } catch (e) {
        // The estimate stays: it is still the best answer there is. Refreshes stop asking.
        if (exactFor === key) {
          exactFor = null;
          set({ exactCount: { status: 'error', error: messageOf(e) } });
        }
      } finally {
        exactRunning = false;
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
