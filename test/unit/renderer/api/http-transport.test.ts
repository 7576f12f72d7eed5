import { describe, expect, it, vi } from 'vitest';
import { createHttpTransport } from '../../../../src/renderer/src/api/http-transport';

const answer = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('http transport', () => {
  it('fetches the built request, with the token read at call time', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    let token: string | null = null;
    const transport = createHttpTransport({
      getToken: () => token,
      fetchImpl: async (url, init) => {
        seen.push({ url: String(url), init: init ?? {} });
        return answer(200, { items: [] });
      },
    });
    await transport.invoke('alerts.active', {});
    token = 'abc';
    const result = await transport.invoke('alerts.active', { status: 'firing' });
    expect(result).toEqual({ ok: true, value: { items: [] } });
    expect(seen.map((s) => s.url)).toEqual(['/alerts/active', '/alerts/active?status=firing']);
    expect((seen[0]?.init.headers as Record<string, string>).authorization).toBeUndefined();
    expect((seen[1]?.init.headers as Record<string, string>).authorization).toBe('Bearer abc');
  });

  it('turns a network failure into unavailable', async () => {
    const transport = createHttpTransport({
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const result = await transport.invoke('system.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unavailable');
  });

  it('turns a hung request into timeout', async () => {
    const transport = createHttpTransport({
      timeoutMs: 20,
      fetchImpl: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    });
    const result = await transport.invoke('system.info', {});
    expect(result.ok ? null : result.error.code).toBe('timeout');
  });

  it('passes the error body through as error data', async () => {
    const transport = createHttpTransport({
      fetchImpl: async () => answer(400, { statusCode: 400, code: 'bad_request', message: 'alerts.createRule: /threshold must be number' }),
    });
    expect(await transport.invoke('alerts.createRule', {})).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'alerts.createRule: /threshold must be number' },
    });
  });

  it('answers bad_request without fetching when a path param is missing', async () => {
    let fetched = false;
    const transport = createHttpTransport({
      fetchImpl: async () => {
        fetched = true;
        return answer(200, {});
      },
    });
    const result = await transport.invoke('alerts.acknowledge', { by: 'ops' });
    expect(result.ok ? null : result.error.code).toBe('bad_request');
    expect(fetched).toBe(false);
  });
});

describe('http transport events', () => {
  class FakeEventSource {
    static last: FakeEventSource | null = null;
    onmessage: ((m: MessageEvent<string>) => void) | null = null;
    readonly handlers = new Map<string, (m: MessageEvent<string>) => void>();
    closed = false;
    constructor(readonly url: string) {
      FakeEventSource.last = this;
    }
    addEventListener(type: string, handler: (m: MessageEvent<string>) => void) {
      this.handlers.set(type, handler);
    }
    close() {
      this.closed = true;
    }
    /** What the station sends: `event: <type>` plus the JSON event as data. */
    send(type: string, data: string) {
      const message = { data } as MessageEvent<string>;
      (this.handlers.get(type) ?? this.onmessage)?.(message);
    }
  }

  it('delivers named SSE messages as AppEvents and closes with the last subscriber', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    try {
      const transport = createHttpTransport({ fetchImpl: async () => answer(200, {}) });
      const seen: unknown[] = [];
      const offA = transport.subscribe((e) => seen.push(e));
      const offB = transport.subscribe(() => undefined);
      const source = FakeEventSource.last;
      expect(source?.url).toBe('/api/v1/events');
      source?.send('logs.ingested', JSON.stringify({ type: 'logs.ingested', count: 2, spacecraft_ids: ['SC-1'] }));
      source?.send('message', 'not json');
      source?.send('message', JSON.stringify({ no: 'type' }));
      expect(seen).toEqual([{ type: 'logs.ingested', count: 2, spacecraft_ids: ['SC-1'] }]);
      offA();
      expect(source?.closed).toBe(false);
      offB();
      expect(source?.closed).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
