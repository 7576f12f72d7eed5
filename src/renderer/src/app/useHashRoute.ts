import { useMemo, useSyncExternalStore } from 'react';
import { formatHash, parseHash, type PageId, type Route } from './routing';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return useMemo(() => parseHash(hash), [hash]);
}

/** Push a history entry (so Back returns to the previous search), unless nothing changed. */
export function navigate(page: PageId, params?: URLSearchParams): void {
  const next = formatHash(page, params);
  if (window.location.hash !== next) window.location.hash = next;
}
