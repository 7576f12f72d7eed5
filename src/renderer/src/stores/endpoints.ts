import { create } from 'zustand';
import type { Endpoint, EndpointDetail, EndpointInput, EndpointUpdateInput } from '../../../shared/api/schemas/fleet';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface EndpointsState extends Loadable {
  items: Endpoint[];
  /** The endpoint whose detail (uptime, history, state changes) is open, if any. */
  selectedId: number | null;
  detail: EndpointDetail | null;
  detailError: string | null;
  load(): Promise<boolean>;
  /** Throws the ApiError so the form can show the server's validation message inline. */
  createEndpoint(input: EndpointInput): Promise<Endpoint>;
  /** Throws like createEndpoint. */
  updateEndpoint(input: EndpointUpdateInput): Promise<Endpoint>;
  setPaused(id: number, paused: boolean): Promise<Endpoint>;
  deleteEndpoint(id: number): Promise<void>;
  select(id: number | null): Promise<void>;
  loadDetail(): Promise<void>;
}

export function createEndpointsStore(api: ApiClient) {
  return create<EndpointsState>()((set, get) => {
    const replace = (endpoint: Endpoint) =>
      set((s) => ({ items: s.items.some((e) => e.id === endpoint.id) ? s.items.map((e) => (e.id === endpoint.id ? endpoint : e)) : [...s.items, endpoint] }));
    return {
      ...initialLoadable,
      items: [],
      selectedId: null,
      detail: null,
      detailError: null,
      load: createLoader(set, get, () => api.monitoring.listEndpoints(), (list) => ({ items: list.items })),
      async createEndpoint(input) {
        const endpoint = await api.monitoring.createEndpoint(input);
        replace(endpoint);
        return endpoint;
      },
      async updateEndpoint(input) {
        const endpoint = await api.monitoring.updateEndpoint(input);
        replace(endpoint);
        if (get().selectedId === endpoint.id) void get().loadDetail();
        return endpoint;
      },
      async setPaused(id, paused) {
        const endpoint = await api.monitoring.pauseEndpoint({ id, paused });
        replace(endpoint);
        return endpoint;
      },
      async deleteEndpoint(id) {
        await api.monitoring.deleteEndpoint({ id });
        set((s) => ({ items: s.items.filter((e) => e.id !== id), ...(s.selectedId === id ? { selectedId: null, detail: null } : {}) }));
      },
      async select(id) {
        set({ selectedId: id, detail: null, detailError: null });
        if (id !== null) await get().loadDetail();
      },
      async loadDetail() {
        const id = get().selectedId;
        if (id === null) return;
        try {
          const detail = await api.monitoring.getEndpoint({ id, limit: 300 });
          if (get().selectedId === id) set({ detail, detailError: null });
        } catch (e) {
          if (get().selectedId === id) set({ detailError: messageOf(e) });
        }
      },
    };
  });
}

export type EndpointsStore = ReturnType<typeof createEndpointsStore>;
