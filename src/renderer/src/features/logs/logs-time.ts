/**
 * The Logs page on the global time range. A search's window is the global range (a live preset
 * or a fixed window); "all time" is the one logs-only widening (correlation links, saved
 * searches without bounds), since no chart can draw it. The URL carries the range as every page
 * does (`time=1h`, `time=<from>_<to>`), or `range=all`; older links with `range=6h` or
 * `from=…&to=…` still open the window they meant.
 */
import { DEFAULT_LOG_QUERY, hasAbsoluteRange, queryFromParams, queryToParams, withAbsoluteRange, withPresetRange, type LogQuery } from '../../stores/logs-query';
import { isPreset, rangeFromParam, rangeToParam, TIME_PARAM, type TimeRange } from '../../stores/time-range';

export const ALL_TIME = 'all';

/** The global range a search's window stands for; null for all time. */
export function globalRangeOf(query: LogQuery): TimeRange | null {
  if (hasAbsoluteRange(query)) return { kind: 'absolute', from: query.from, to: query.to };
  return isPreset(query.range) ? { kind: 'relative', last: query.range } : null;
}

/**
 * The search over the global range (all time dropped). A fixed window always carries the same
 * (unused) preset, so the same window read back from a URL compares equal and is not re-run.
 */
export function withGlobalRange(query: LogQuery, range: TimeRange): LogQuery {
  return range.kind === 'absolute'
    ? withAbsoluteRange(withPresetRange(query, DEFAULT_LOG_QUERY.range), range.from, range.to)
    : withPresetRange(query, range.last);
}

/** The search over all time. */
export function withAllTime(query: LogQuery): LogQuery {
  return withPresetRange(query, ALL_TIME);
}

export const isAllTime = (query: LogQuery): boolean => globalRangeOf(query) === null;

/** The page's URL: the filters as before, the window as the shared `time=` (or `range=all`). */
export function logsParams(query: LogQuery): URLSearchParams {
  const params = queryToParams(query);
  params.delete('range');
  params.delete('from');
  params.delete('to');
  const range = globalRangeOf(query);
  if (range) params.set(TIME_PARAM, rangeToParam(range));
  else params.set('range', ALL_TIME);
  return params;
}

/**
 * The navigation's way back to the Logs page: the filters (and all time), but no window, so the
 * page opens on the global range as every other page does instead of pulling it back.
 */
export function logsLinkParams(query: LogQuery): URLSearchParams {
  const params = logsParams(query);
  params.delete(TIME_PARAM);
  return params;
}

/**
 * A search from a URL: `range=all` wins, then the shared `time=`, then an old link's own
 * `range`/`from`/`to`; a URL with none of them searches the current global range.
 */
export function queryFromUrl(params: URLSearchParams, current: TimeRange): LogQuery {
  const query = queryFromParams(params);
  if (params.get('range') === ALL_TIME) return withAllTime(query);
  const shared = rangeFromParam(params.get(TIME_PARAM));
  if (shared) return withGlobalRange(query, shared);
  const legacy = params.has('range') || hasAbsoluteRange(query) ? globalRangeOf(query) : null;
  return withGlobalRange(query, legacy ?? current);
}
