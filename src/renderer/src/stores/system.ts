import { create } from 'zustand';
import type { SystemInfo } from '../../../shared/api/schemas/fleet';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

/** Mirrors the root element's data-app-state, which e2e tests wait on. */
export type AppState = 'loading' | 'ready' | 'error';

export interface SystemState extends Loadable {
  info: SystemInfo | null;
  appState: AppState;
  bootError: string | null;
  load(): Promise<boolean>;
  /**
   * First contact: the console is "ready" once the station answered every loader given
   * (its identity plus whatever the always-visible chrome needs, e.g. the alert banner).
   */
  boot(also?: readonly (() => Promise<boolean>)[]): Promise<void>;
}

export function createSystemStore(api: ApiClient) {
  let bootTicket = 0;
  return create<SystemState>()((set, get) => ({
    ...initialLoadable,
    info: null,
    appState: 'loading',
    bootError: null,
    load: createLoader(set, get, () => api.system.info(), (info) => ({ info })),
    async boot(also = []) {
      const mine = ++bootTicket;
      // A retry after a failure keeps the error on screen until it succeeds, instead of flickering.
      if (get().appState !== 'error') set({ appState: 'loading', bootError: null });
      const results = await Promise.all([get().load(), ...also.map((load) => load())]);
      if (mine !== bootTicket) return;
      if (results.every(Boolean)) {
        set({ appState: 'ready' });
        return;
      }
      set({ appState: 'error', bootError: get().error ?? 'The station answered with an error' });
    },
  }));
}

export type SystemStore = ReturnType<typeof createSystemStore>;
