import type { Api, MethodName } from '../../../shared/api/contract';
import { ApiError, type Result } from '../../../shared/api/errors';
import type { AppEvent } from '../../../shared/api/events';
import type { Transport } from './transport';

export interface MemoryTransport extends Transport {
  /** Push an event to subscribers, as the core's event bus would. */
  emit(event: AppEvent): void;
  /** Every call made, in order, for assertions. */
  readonly calls: { method: MethodName; input: unknown }[];
}

type Handler = (input: unknown) => Promise<unknown>;

/**
 * An in-process transport over any (partial) Api implementation, so renderer code can be tested
 * without a server. Inputs and outputs are structured-cloned, as they would be on the wire.
 */
export function createMemoryTransport(impl: Partial<Api>): MemoryTransport {
  const listeners = new Set<(event: AppEvent) => void>();
  const calls: { method: MethodName; input: unknown }[] = [];
  const handlers = impl as Partial<Record<MethodName, Handler>>;

  return {
    calls,
    async invoke(method, input): Promise<Result<unknown>> {
      calls.push({ method, input });
      const handler = handlers[method];
      if (!handler) return { ok: false, error: { code: 'not_found', message: `unknown method ${method}` } };
      try {
        return { ok: true, value: structuredClone(await handler(structuredClone(input))) };
      } catch (e) {
        if (e instanceof ApiError) return { ok: false, error: e.toData() };
        return { ok: false, error: { code: 'internal', message: 'internal error' } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
}
