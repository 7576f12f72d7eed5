import { create } from 'zustand';
import type { Spacecraft } from '../../../shared/api/schemas/fleet';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface SpacecraftState extends Loadable {
  items: Spacecraft[];
  load(): Promise<boolean>;
}

export function createSpacecraftStore(api: ApiClient) {
  return create<SpacecraftState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    load: createLoader(set, get, () => api.spacecraft.health(), (list) => ({ items: list.items })),
  }));
}

export type SpacecraftStore = ReturnType<typeof createSpacecraftStore>;
