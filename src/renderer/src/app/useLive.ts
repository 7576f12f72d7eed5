import { useEffect, useEffectEvent } from 'react';
import type { AppEvent, AppEventType } from '../../../shared/api/events';
import { onAppEvent } from '../api';
import { throttle } from '../lib/throttle';

/** Run `handler` for each live event of the given types while the component is mounted. */
export function useAppEvent(types: readonly AppEventType[], handler: (event: AppEvent) => void): void {
  const onEvent = useEffectEvent(handler);
  const key = types.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    return onAppEvent((event) => {
      if (wanted.has(event.type)) onEvent(event);
    });
  }, [key]);
}

/**
 * Refresh a store when events say its data changed, at most once per interval: a busy station
 * emits `logs.ingested` many times a second and each refresh is a query.
 */
export function useLiveRefresh(types: readonly AppEventType[], refresh: () => void, intervalMs = 1000): void {
  const run = useEffectEvent(refresh);
  const key = types.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    const throttled = throttle(() => run(), intervalMs);
    const off = onAppEvent((event) => {
      if (wanted.has(event.type)) throttled();
    });
    return () => {
      off();
      throttled.cancel();
    };
  }, [key, intervalMs]);
}

/**
 * Poll while mounted, as a floor under live events (which a proxy or a reconnect can lose).
 * Skips ticks while the window is hidden and catches up as soon as it is shown again.
 */
export function usePolling(poll: () => void, intervalMs: number, enabled = true): void {
  const run = useEffectEvent(poll);
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (!document.hidden) run();
    }, intervalMs);
    const onVisible = () => {
      if (!document.hidden) run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [intervalMs, enabled]);
}
