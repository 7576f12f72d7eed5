import { useCallback, useEffect } from 'react';
import { navigate } from '../../app/useHashRoute';
import { useLogsStore } from '../../stores';
import { selectCanAutoRefresh } from '../../stores/logs';
import { queryFromParams, queryToParams, sameQuery, type LogQuery } from '../../stores/logs-query';

/**
 * Keep the search and the URL hash in step both ways: a pasted or Back-navigated URL runs its
 * search; a search from the toolbar writes its URL. Returns the toolbar's search action.
 */
export function useLogsUrlSync(params: URLSearchParams): (query: LogQuery) => void {
  const paramsKey = params.toString();

  useEffect(() => {
    const fromUrl = queryFromParams(new URLSearchParams(paramsKey));
    const state = useLogsStore.getState();
    // Same query as on screen: re-run only if that cannot lose the operator's extra pages.
    if (state.status === 'idle' || !sameQuery(fromUrl, state.query)) void state.search(fromUrl);
    else if (selectCanAutoRefresh(state)) void state.search(fromUrl, { quiet: true });
  }, [paramsKey]);

  return useCallback((query: LogQuery) => searchLogs(query), []);
}

/** Run a search and write it into the URL (facets, saved searches, correlation links, brushing). */
export function searchLogs(query: LogQuery): void {
  void useLogsStore.getState().search(query);
  navigate('logs', queryToParams(query));
}
