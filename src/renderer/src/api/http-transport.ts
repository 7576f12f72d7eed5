import type { Result } from '../../../shared/api/errors';
import { APP_EVENT_TYPES, type AppEvent } from '../../../shared/api/events';
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
  let sourceToken: string | null = null;

  async function invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    const token = getToken();
    // A token saved in Settings: give the event stream a fresh try as well.
    if (source && token !== sourceToken) {
      closeSource();
      openSource();
    }
    let request;
    try {
      request = buildRequest(method, input, { baseUrl, token });
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
    // EventSource cannot send an Authorization header, and a token in the URL would end up in
    // access logs; a station that requires a token refuses the stream and the pages' polling
    // carries on alone. Reopening on a token change lets a future cookie-based scheme work.
    sourceToken = getToken();
    source = new EventSource(`${baseUrl}${EVENTS_PATH}`);
    const deliver = (message: MessageEvent<string>) => {
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        return; // junk must not break the stream
      }
      if (!isAppEvent(event)) return;
      for (const listener of listeners) listener(event);
    };
    // The station names each SSE message after its event type, and a named message never
    // reaches onmessage; listen for every type, and for unnamed messages too.
    source.onmessage = deliver;
    for (const type of APP_EVENT_TYPES) source.addEventListener(type, deliver);
  }

  function closeSource(): void {
    source?.close();
    source = null;
  }

  function subscribe(listener: (event: AppEvent) => void): () => void {
    listeners.add(listener);
    openSource();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) closeSource();
    };
  }

  return { invoke, subscribe };
}
