/**
 * Server-sent events read with fetch, for streams that need an Authorization header (an
 * EventSource cannot send one, and a token in the URL would end up in access logs). Like an
 * EventSource it reconnects after a drop, sending the last event id so the station resumes
 * where it stopped; unlike one, it gives up on a 4xx (a wrong token or a refused query will not
 * get better by retrying).
 */

export interface SseMessage {
  event: string;
  data: string;
  id: string | null;
}

/** Splits an SSE byte stream (decoded to text, cut anywhere) into messages. */
export class SseParser {
  private buffer = '';
  private event = 'message';
  private data: string[] = [];
  private id: string | null = null;

  push(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      // A \r that ends the chunk may be the first half of \r\n: wait for the next chunk.
      if (nl === this.buffer.length - 1 && this.buffer[nl] === '\r') break;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + (this.buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (this.data.length) out.push({ event: this.event, data: this.data.join('\n'), id: this.id });
        this.event = 'message';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue; // a comment: the station's keep-alive
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return out;
  }
}

export type StreamStatus = 'connecting' | 'open' | 'closed';

export interface FetchEventStreamOptions {
  url: string;
  headers: Record<string, string>;
  onMessage(message: SseMessage): void;
  onStatus?(status: StreamStatus): void;
  fetchImpl?: typeof fetch;
  retryMs?: number;
}

/** Opens the stream; the returned function closes it for good. */
export function openFetchEventStream(opts: FetchEventStreamOptions): () => void {
  const controller = new AbortController();
  let lastId: string | null = null;
  const retryMs = opts.retryMs ?? 2000;

  const run = async () => {
    while (!controller.signal.aborted) {
      opts.onStatus?.('connecting');
      try {
        const headers = { accept: 'text/event-stream', ...opts.headers, ...(lastId ? { 'last-event-id': lastId } : {}) };
        const res = await (opts.fetchImpl ?? fetch)(opts.url, { headers, signal: controller.signal });
        if (res.status >= 400 && res.status < 500) break;
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        opts.onStatus?.('open');
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        const parser = new SseParser();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const m of parser.push(decoder.decode(value, { stream: true }))) {
            if (m.id !== null) lastId = m.id;
            opts.onMessage(m);
          }
        }
      } catch {
        // dropped or unreachable: retry below unless we were closed
      }
      if (controller.signal.aborted) break;
      await new Promise((r) => setTimeout(r, retryMs));
    }
    opts.onStatus?.('closed');
  };
  void run();
  return () => controller.abort();
}
