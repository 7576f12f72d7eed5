import type { Bridge } from '../../../shared/api/bridge';
import type { Result } from '../../../shared/api/errors';
import type { MethodName } from '../../../shared/api/contract';
import type { Transport } from './transport';

/** The desktop window's transport: the preload's `window.mc` bridge, passed in so tests can fake it. */
export function createIpcTransport(bridge: Pick<Bridge, 'invoke' | 'onEvent'>): Transport {
  return {
    async invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
      try {
        return await bridge.invoke(method, input);
      } catch (e) {
        // A rejected invoke means the main process had no handler (still starting, or crashed).
        const detail = e instanceof Error ? e.message : String(e);
        return { ok: false, error: { code: 'unavailable', message: `The desktop core did not answer: ${detail}` } };
      }
    },
    subscribe: (listener) => bridge.onEvent(listener),
  };
}
