import type { StoreApi } from 'zustand';
import { isApiError, type ErrorCode } from '../../../shared/api/errors';
import { messageOf } from '../lib/errors';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The part every data store shares: where its last load stands. */
export interface Loadable {
  status: LoadStatus;
  error: string | null;
  /** Lets a page word the failure (unreachable vs. refused vs. invalid). */
  errorCode: ErrorCode | null;
  loadedAt: number | null;
}

export const initialLoadable: Loadable = { status: 'idle', error: null, errorCode: null, loadedAt: null };

/**
 * Make a store's load action. Answers to superseded calls are dropped (a slow poll must not
 * overwrite a newer answer), and a refresh of data already on screen keeps status 'ready' so
 * periodic polling never flashes a spinner. Resolves true when the data arrived.
 */
export function createLoader<S extends Loadable, T>(
  set: StoreApi<S>['setState'],
  get: StoreApi<S>['getState'],
  fetch: () => Promise<T>,
  apply: (value: T, state: S) => Partial<S>,
): () => Promise<boolean> {
  let seq = 0;
  return async () => {
    const mine = ++seq;
    if (get().status !== 'ready') set({ status: 'loading', error: null, errorCode: null } as Partial<S>);
    try {
      const value = await fetch();
      if (mine !== seq) return true;
      set({ ...apply(value, get()), status: 'ready', error: null, errorCode: null, loadedAt: Date.now() } as Partial<S>);
      return true;
    } catch (e) {
      if (mine !== seq) return false;
      set({ status: 'error', error: messageOf(e), errorCode: isApiError(e) ? e.code : 'internal' } as Partial<S>);
      return false;
    }
  };
}
