/**
 * Known values of the log fields the query bar completes (service, spacecraft, source), fetched
 * from `logs.values` on demand and kept for a while: typing `service:na` must not ask the
 * station on every key, and a value list a few seconds old is as good as a fresh one.
 */
import { create } from 'zustand';
import type { ApiClient } from '../api';
import type { LogValuesInput } from '../../../shared/api/schemas/logs';

type ValueField = LogValuesInput['field'];

export const VALUES_TTL_MS = 30_000;
const VALUES_LIMIT = 200;

export interface LogValuesState {
  values: Partial<Record<ValueField, { items: string[]; at: number }>>;
  /** Fetch a field's values unless fresh ones are cached or a fetch is under way. */
  load(field: ValueField): Promise<void>;
}

export function createLogValuesStore(api: ApiClient, now: () => number = Date.now) {
  const inflight = new Map<ValueField, Promise<void>>();
  return create<LogValuesState>()((set, get) => ({
    values: {},
    load(field) {
      const cached = get().values[field];
      if (cached && now() - cached.at < VALUES_TTL_MS) return Promise.resolve();
      const running = inflight.get(field);
      if (running) return running;
      const p = api.logs
        .values({ field, limit: VALUES_LIMIT })
        .then(
          (out) => set((s) => ({ values: { ...s.values, [field]: { items: out.values.map((v) => v.value), at: now() } } })),
          // Suggestions are a convenience: without them the operator simply types the value.
          () => undefined,
        )
        .finally(() => inflight.delete(field));
      inflight.set(field, p);
      return p;
    },
  }));
}

export type LogValuesStore = ReturnType<typeof createLogValuesStore>;
