import { useCallback, useEffect, useRef } from 'react';
import { navigate } from '../../app/useHashRoute';
import { useLogsStore } from '../../stores';
import { selectCanAutoRefresh } from '../../stores/logs';
import { sameQuery, type LogQuery } from '../../stores/logs-query';
import { sameRange, useTimeRangeStore } from '../../stores/time-range';
import { globalRangeOf, logsParams, queryFromUrl, withGlobalRange } from './logs-time';

/**
 * Keep the search, the URL hash and the global time range in step: a pasted or Back-navigated
 * URL runs its search (and moves the global picker to its window); a search from the toolbar
 * writes its URL; a new range in the time picker (a preset, a typed window, pause/live) runs the
 * search again over it. Returns the toolbar's search action.
 */
export function useLogsUrlSync(params: URLSearchParams): (query: LogQuery) => void {
  const paramsKey = params.toString();

  useEffect(() => {
    const fromUrl = queryFromUrl(new URLSearchParams(paramsKey), useTimeRangeStore.getState().range);
    const range = globalRangeOf(fromUrl);
    if (range) useTimeRangeStore.getState().setRange(range);
    const state = useLogsStore.getState();
    // Same query as on screen: re-run only if that cannot lose the operator's extra pages, and
    // keep the very object (the toolbar keeps its unsent draft while the applied query is the same).
    if (state.status === 'idle' || !sameQuery(fromUrl, state.query)) void state.search(fromUrl);
    else if (selectCanAutoRefresh(state)) void state.search(state.query, { quiet: true });
  }, [paramsKey]);

  const range = useTimeRangeStore((s) => s.range);
  const seen = useRef(range);
  useEffect(() => {
    // Only a change made elsewhere (the picker): arriving on the page is the URL effect's job.
    if (sameRange(seen.current, range)) return;
    seen.current = range;
    const query = useLogsStore.getState().query;
    const next = withGlobalRange(query, range);
    if (!sameQuery(next, query)) searchLogs(next);
  }, [range]);

  return useCallback((query: LogQuery) => searchLogs(query), []);
}

/**
 * Run a search and write it into the URL (facets, saved searches, correlation links, brushing);
 * its window becomes the global range, so the picker shows it and other pages share it.
 */
export function searchLogs(query: LogQuery): void {
  const range = globalRangeOf(query);
  const q = range ? withGlobalRange(query, range) : query;
  if (range) useTimeRangeStore.getState().setRange(range);
  void useLogsStore.getState().search(q);
  navigate('logs', logsParams(q));
}
