import type { Result } from '../../../shared/api/errors';
import type { AppEvent } from '../../../shared/api/events';
import type { MethodName } from '../../../shared/api/contract';
import { buildRequest, MissingPathParamError, resultFromResponse } from './http-request';
import type { Transport } from './transport';

export const EVENTS_PATH = '/api/v1/events';

export interface HttpTransportOptions {
  baseUrl?: string;
  /** Read on every request so a token saved in Settings applies without a reload. */
  getToken?: () => string | null;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

function isAppEvent(value: unknown): value is AppEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const baseUrl = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const getToken = options.getToken ?? (() => null);
  const listeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | null = null;

  async function invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    let request;
    try {
      request = buildRequest(method, input, { baseUrl, token: getToken() });
    } catch (e) {
      if (e instanceof MissingPathParamError) return { ok: false, error: { code: 'bad_request', message: e.message } };
      throw e;
    }
    const doFetch = options.fetchImpl ?? fetch;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(request.url, { ...request.init, signal: controller.signal });
      const text = await response.text();
      return resultFromResponse(response.status, response.statusText, text);
    } catch {
      if (controller.signal.aborted) {
        return { ok: false, error: { code: 'timeout', message: `${method}: no answer from the station within ${timeoutMs / 1000} s` } };
      }
      return { ok: false, error: { code: 'unavailable', message: 'Cannot reach the Observatory station (network error)' } };
    } finally {
      clearTimeout(timer);
    }
  }

  // One EventSource shared by every subscriber; opened on the first, closed with the last.
  function openSource(): void {
    if (source || typeof EventSource === 'undefined') return;
    const token = getToken();
    // EventSource cannot send headers, so a token has to travel in the URL (see the report).
    const url = `${baseUrl}${EVENTS_PATH}${token ? `?access_token=${encodeURIComponent(token)}` : ''}`;
    source = new EventSource(url);
    source.onmessage = (message: MessageEvent<string>) => {
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        return; // keep-alive comments and junk must not break the stream
      }
      if (!isAppEvent(event)) return;
      for (const listener of listeners) listener(event);
    };
  }

  function subscribe(listener: (event: AppEvent) => void): () => void {
    listeners.add(listener);
    openSource();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  }

  return { invoke, subscribe };
}
