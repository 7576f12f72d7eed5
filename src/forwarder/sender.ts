/**
 * One attempt to deliver one spooled batch: POST {url}/logs, NDJSON, gzip, with the batch id as
 * Idempotency-Key. The answer is sorted into what the forwarder does next:
 * - stored:  2xx — delete the batch (per-line refusals in the answer are reported and kept)
 * - retry:   network trouble, 408, 429, 5xx — try again later, honouring Retry-After
 * - refused: any other status (400, 401, 403, 413…) — the same bytes will never be accepted,
 *            so the batch is set aside rather than retried forever
 */
import { parseRetryAfter } from './backoff';

export interface LineRefusal {
  index: number;
  error: string;
}

export type SendOutcome =
  | { kind: 'stored'; status: number; accepted: number | undefined; rejected: LineRefusal[]; duplicate: boolean }
  | { kind: 'retry'; status: number | undefined; reason: string; retryAfterMs: number | undefined }
  | { kind: 'refused'; status: number; reason: string };

export interface SenderOptions {
  /** The station, e.g. http://10.0.0.5:4318 (…/logs is added unless the path already ends so). */
  url: string;
  token?: string | undefined;
  timeoutMs: number;
}

/** What to do with an HTTP status. */
export function classifyStatus(status: number): SendOutcome['kind'] {
  if (status >= 200 && status < 300) return 'stored';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

export function ingestEndpoint(url: string): URL {
  const u = new URL(url);
  if (!/\/logs\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/+$/, '')}/logs`;
  return u;
}

/** The reason a fetch failed, in a word an operator recognises (ECONNREFUSED, timeout…). */
export function networkReason(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'timed out';
  if (err.name === 'AbortError') return 'aborted';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

async function errorText(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).slice(0, 2000);
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.message === 'string') return typeof body.code === 'string' ? `${body.code}: ${body.message}` : body.message;
  } catch {
    // not our error shape: the raw text says what it says
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || res.statusText;
}

export class Sender {
  readonly endpoint: URL;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: SenderOptions) {
    this.endpoint = ingestEndpoint(opts.url);
    this.headers = {
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
      'user-agent': 'observatory-forwarder',
    };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
  }

  /**
   * One attempt. `stop` aborts it (shutdown); `timeoutMs` bounds the whole exchange, answer
   * included. One controller per request, linked by hand: AbortSignal.any() on a long-lived
   * signal has leaked in several Node releases, and a forwarder runs for months.
   */
  async send(id: string, gzipBody: Uint8Array, stop?: AbortSignal): Promise<SendOutcome> {
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.opts.timeoutMs);
    const onStop = () => ac.abort();
    stop?.addEventListener('abort', onStop, { once: true });
    try {
      return await this.exchange(id, gzipBody, ac.signal);
    } catch (e) {
      return { kind: 'retry', status: undefined, reason: timedOut ? 'timed out' : networkReason(e), retryAfterMs: undefined };
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    }
  }

  private async exchange(id: string, gzipBody: Uint8Array, signal: AbortSignal): Promise<SendOutcome> {
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { ...this.headers, 'idempotency-key': id },
      body: gzipBody,
      signal,
    });
    const kind = classifyStatus(res.status);
    if (kind === 'stored') {
      let body: { accepted?: unknown; rejected?: unknown; duplicate?: unknown } = {};
      try {
        body = (await res.json()) as typeof body;
      } catch {
        // a 2xx without our JSON (a proxy?), or cut off after the status: stored is what counts
      }
      const rejected = Array.isArray(body.rejected)
        ? body.rejected.filter((r): r is LineRefusal => typeof r?.index === 'number' && typeof r?.error === 'string')
        : [];
      return { kind, status: res.status, accepted: typeof body.accepted === 'number' ? body.accepted : undefined, rejected, duplicate: body.duplicate === true };
    }
    const reason = `${res.status} ${await errorText(res)}`;
    if (kind === 'retry') return { kind, status: res.status, reason, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
    return { kind, status: res.status, reason };
  }
}
