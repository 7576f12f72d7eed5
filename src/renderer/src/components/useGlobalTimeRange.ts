import { useEffect, useMemo } from 'react';
import { isLive, rangeFromParam, rangeToParam, resolveRange, TIME_PARAM, useTimeRangeStore, type TimeRange } from '../stores/time-range';

export interface GlobalTimeRange {
  range: TimeRange;
  from: number;
  to: number;
  live: boolean;
  /** Changes on every live tick: a page's loader effect depends on it to refresh. */
  now: number;
  /** Zooming a chart: the brushed x range becomes the (fixed) global range. */
  zoomTo(range: [number, number]): void;
}

function hashParams(): { path: string; params: URLSearchParams } {
  const raw = window.location.hash;
  const q = raw.indexOf('?');
  return { path: q === -1 ? raw : raw.slice(0, q), params: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
}

/**
 * Use the global time range on a page: keeps it in the URL hash (`time=`), advances it while
 * live, and returns the concrete window. Call it once per page (it owns the ticking interval);
 * other components read `useTimeRangeStore` directly. The Logs page can adopt it as is.
 */
export function useGlobalTimeRange(opts: { syncUrl?: boolean } = {}): GlobalTimeRange {
  const syncUrl = opts.syncUrl ?? true;
  const range = useTimeRangeStore((s) => s.range);
  const now = useTimeRangeStore((s) => s.now);
  const refreshMs = useTimeRangeStore((s) => s.refreshMs);
  const live = isLive(range);

  // URL → store, on arrival and on Back/Forward or a pasted link.
  useEffect(() => {
    if (!syncUrl) return;
    const read = () => {
      const fromUrl = rangeFromParam(hashParams().params.get(TIME_PARAM));
      if (fromUrl) useTimeRangeStore.getState().setRange(fromUrl);
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, [syncUrl]);

  // Store → URL, replacing the entry: a live range must not pile up history on every zoom.
  useEffect(() => {
    if (!syncUrl) return;
    const { path, params } = hashParams();
    const value = rangeToParam(range);
    if (params.get(TIME_PARAM) === value) return;
    params.set(TIME_PARAM, value);
    const next = `${path || '#/'}?${params.toString()}`;
    window.history.replaceState(window.history.state, '', next);
  }, [range, syncUrl]);

  // Live: roll the window forward; skip while hidden and catch up when shown again.
  useEffect(() => {
    if (!live) return;
    const tick = () => {
      if (!document.hidden) useTimeRangeStore.getState().tick();
    };
    tick(); // a page opened after a while elsewhere starts from the current window
    const timer = setInterval(tick, refreshMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [live, refreshMs]);

  const window_ = useMemo(() => resolveRange(range, now), [range, now]);
  return {
    range,
    from: window_.from,
    to: window_.to,
    live,
    now,
    zoomTo: ([a, b]) => void useTimeRangeStore.getState().setAbsolute(a, b),
  };
}
