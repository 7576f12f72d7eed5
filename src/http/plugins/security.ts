/**
 * Request-level defences: the Host must be a name we answer to (DNS rebinding), a browser's
 * Origin must be our own, and when an ingest token is configured every non-public route needs
 * `Authorization: Bearer <token>` (compared by hash, in constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import os from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/api/errors';

export interface SecurityOptions {
  /** sha256 of the ingest token; the token itself is never kept. */
  tokenHash?: Buffer | undefined;
  /** Extra host names (besides localhost, IP literals and this machine's name) we answer to. */
  allowedHosts?: string[];
  /** Paths anyone may GET without a token: health probes and the console's static files. */
  isPublic: (request: FastifyRequest) => boolean;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function tokenMatches(presented: string, expectedHash: Buffer): boolean {
  return timingSafeEqual(hashToken(presented), expectedHash);
}

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export function hostAllowed(hostHeader: string | undefined, extra: ReadonlySet<string>): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  if (isIP(name)) return true; // an IP literal cannot be re-bound to another address
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const self = os.hostname().toLowerCase();
  return name === self || name === `${self}.local` || extra.has(name);
}

export function securityPlugin(app: FastifyInstance, opts: SecurityOptions): void {
  const extra = new Set((opts.allowedHosts ?? []).map((h) => h.toLowerCase()));
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    if (!hostAllowed(host, extra)) {
      throw new ApiError('forbidden', `Host "${String(host).slice(0, 100)}" is not a name this station answers to; add it with --allowed-hosts`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined) {
      let sameOrigin = false;
      try {
        sameOrigin = origin !== 'null' && new URL(origin).host.toLowerCase() === String(host).toLowerCase();
      } catch {
        sameOrigin = false;
      }
      if (!sameOrigin) throw new ApiError('forbidden', 'cross-origin requests are not accepted');
    }
    if (opts.tokenHash && !opts.isPublic(request)) {
      const auth = request.headers.authorization;
      const m = typeof auth === 'string' ? /^Bearer\s+(\S{1,512})$/i.exec(auth) : null;
      if (!m) throw new ApiError('unauthorized', 'this station requires an ingest token: send Authorization: Bearer <token>');
      if (!tokenMatches(m[1] as string, opts.tokenHash)) throw new ApiError('unauthorized', 'the bearer token is not valid for this station');
    }
  });
}
