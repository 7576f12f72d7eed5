/**
 * One HTTP(S) exchange with a hard deadline over the whole of it (connect, headers, body), a
 * capped body, and the peer certificate's expiry for https. node:http rather than fetch: fetch
 * hides the TLS socket, and a fresh connection per check (no keep-alive agent) measures what an
 * operator means by latency.
 */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface HttpAnswer {
  status: number;
  body: string;
  /** Time to the response headers. */
  latencyMs: number;
  certValidTo: number | null;
}

const MAX_BODY = 4 * 1024 * 1024;

export function httpExchange(url: string, opts: { method: string; timeoutMs: number; readBody: boolean; accept?: string; insecure?: boolean }): Promise<HttpAnswer> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = lib.request(u, { method: opts.method, agent: false, rejectUnauthorized: !opts.insecure, headers: { 'user-agent': 'observatory-monitor', accept: opts.accept ?? '*/*' } }, (res) => {
      const latencyMs = performance.now() - started;
      const socket = res.socket as TLSSocket;
      let certValidTo: number | null = null;
      if (typeof socket.getPeerCertificate === 'function') {
        const cert = socket.getPeerCertificate();
        if (cert?.valid_to) certValidTo = Date.parse(cert.valid_to);
      }
      if (!opts.readBody) {
        res.resume();
        finish(() => resolve({ status: res.statusCode ?? 0, body: '', latencyMs, certValidTo }));
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          finish(() => reject(new Error(`body larger than ${MAX_BODY} bytes`)));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), latencyMs, certValidTo })));
      res.on('error', (e) => finish(() => reject(e)));
    });
    const timer = setTimeout(() => {
      finish(() => reject(Object.assign(new Error(`timed out after ${opts.timeoutMs} ms`), { code: 'TIMEOUT' })));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (e) => finish(() => reject(e)));
    req.end();
  });
}

/** An error as an operator reads it: the system code where there is one. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'TIMEOUT') return err.message;
  return (err.code ?? err.message ?? String(e)).slice(0, 200);
}
