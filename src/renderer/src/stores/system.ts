import { create } from 'zustand';
import type { SystemInfo } from '../../../shared/api/schemas/fleet';
import type { ErrorCode } from '../../../shared/api/errors';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

/** Mirrors the root element's data-app-state, which e2e tests wait on. */
export type AppState = 'loading' | 'ready' | 'error';

export interface SystemState extends Loadable {
  info: SystemInfo | null;
  appState: AppState;
  bootError: string | null;
  bootErrorCode: ErrorCode | null;
  load(): Promise<boolean>;
  /** A live storage report from the station (disk full / accepting again). */
  setStorage(storage: SystemInfo['storage']): void;
  /**
   * First contact: the console is "ready" once the station answered the system info and every
   * extra step (whatever the always-visible chrome needs, e.g. the alert banner's list).
   */
  boot(also?: readonly BootStep[]): Promise<void>;
}

/** One extra thing to load at boot; resolves null on success, or the failure to show. */
export type BootStep = () => Promise<Pick<Loadable, 'error' | 'errorCode'> | null>;

export function createSystemStore(api: ApiClient) {
  let bootTicket = 0;
  return create<SystemState>()((set, get) => ({
    ...initialLoadable,
    info: null,
    appState: 'loading',
    bootError: null,
    bootErrorCode: null,
    load: createLoader(set, get, () => api.system.info(), (info) => ({ info })),
    setStorage(storage) {
      const info = get().info;
      if (info) set({ info: { ...info, storage } });
    },
    async boot(also = []) {
      const mine = ++bootTicket;
      // A retry after a failure keeps the error on screen until it succeeds, instead of flickering.
      if (get().appState !== 'error') set({ appState: 'loading', bootError: null, bootErrorCode: null });
      const [infoLoaded, ...failures] = await Promise.all([get().load(), ...also.map((step) => step())]);
      if (mine !== bootTicket) return;
      const failure = infoLoaded ? failures.find((f) => f !== null) : get();
      if (!failure) {
        set({ appState: 'ready', bootError: null, bootErrorCode: null });
        return;
      }
      set({
        appState: 'error',
        bootError: failure.error ?? 'The station answered with an error',
        bootErrorCode: failure.errorCode ?? 'internal',
      });
    },
  }));
}

export type SystemStore = ReturnType<typeof createSystemStore>;
