import { describe, expect, it } from 'vitest';
import { openFetchEventStream, SseParser, type SseMessage } from '../../../../src/renderer/src/api/fetch-event-stream';

describe('SseParser', () => {
  it('splits messages cut anywhere, with event names, ids, multi-line data and comments', () => {
    const text = ': keep-alive\n\nevent: lines\nid: 7\ndata: {"a":1}\n\ndata: one\r\ndata: two\r\n\r\nevent: lines\ndata:{"b":2}\n\n';
    for (const size of [1, 3, text.length]) {
      const p = new SseParser();
      const out: SseMessage[] = [];
      for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
      expect(out).toEqual([
        { event: 'lines', data: '{"a":1}', id: '7' },
        { event: 'message', data: 'one\ntwo', id: '7' },
        { event: 'lines', data: '{"b":2}', id: '7' },
      ]);
    }
  });
});

describe('openFetchEventStream', () => {
  it('resumes after a drop with Last-Event-ID, and stops for good on a 4xx', async () => {
    const seen: (string | null)[] = [];
    let call = 0;
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>)['last-event-id'] ?? null);
      call++;
      if (call === 1) return new Response('event: lines\nid: 41\ndata: {}\n\n', { status: 200 });
      return new Response('{"code":"unauthorized"}', { status: 401 });
    }) as typeof fetch;
    const statuses: string[] = [];
    const messages: SseMessage[] = [];
    openFetchEventStream({ url: 'http://x/logs/tail', headers: { authorization: 'Bearer t' }, fetchImpl, retryMs: 1, onMessage: (m) => messages.push(m), onStatus: (s) => statuses.push(s) });
    await expect.poll(() => statuses.at(-1)).toBe('closed');
    expect(seen).toEqual([null, '41']);
    expect(messages).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'open', 'connecting', 'closed']);
  });
});
