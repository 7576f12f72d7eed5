import { create } from 'zustand';
import type { Endpoint, EndpointInput } from '../../../shared/api/schemas/fleet';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface EndpointsState extends Loadable {
  items: Endpoint[];
  load(): Promise<boolean>;
  /** Throws the ApiError so the form can show the server's validation message inline. */
  createEndpoint(input: EndpointInput): Promise<Endpoint>;
}

export function createEndpointsStore(api: ApiClient) {
  return create<EndpointsState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    load: createLoader(set, get, () => api.monitoring.listEndpoints(), (list) => ({ items: list.items })),
    async createEndpoint(input) {
      const endpoint = await api.monitoring.createEndpoint(input);
      set((s) => ({ items: [...s.items.filter((e) => e.id !== endpoint.id), endpoint] }));
      return endpoint;
    },
  }));
}

export type EndpointsStore = ReturnType<typeof createEndpointsStore>;
