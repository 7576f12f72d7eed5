/**
 * The station: core + HTTP app on a port. Listens first (answering 503 + Retry-After to ingest
 * until the database is open and migrated), then opens the store; closes in the reverse order,
 * letting in-flight requests finish.
 */
import { isIP } from 'node:net';
import { createCore, type Core, type CoreOptions } from '../core/core';
import { buildHttp, hashToken, Lifecycle } from '../http/index';
import type { Synchronous } from '../core/db/open';
import { version } from './version';

export interface ServerOptions {
  port: number;
  host: string;
  dataDir: string;
  token?: string | undefined;
  staticDir?: string | undefined;
  nativeBinding?: string | undefined;
  logLevel?: string | undefined;
  allowedHosts?: string[] | undefined;
  synchronous?: Synchronous | undefined;
  /** Test hook: tune intervals or the clock. */
  core?: Partial<Pick<CoreOptions, 'alertIntervalMs' | 'collectIntervalMs' | 'now'>>;
  /** Test hook: run before the store is opened (e.g. to observe the starting state). */
  beforeOpen?: () => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  lifecycle: Lifecycle;
  ready: Promise<Core>;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

export class ConfigError extends Error {}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (!isLoopback(opts.host) && !opts.token) {
    throw new ConfigError(
      `Refusing to listen on ${opts.host} without an ingest token: anyone on the network could write to this station. ` +
        'Set --token (or OBSERVATORY_TOKEN), or listen on 127.0.0.1.',
    );
  }
  if (opts.token !== undefined && opts.token.length < 16) throw new ConfigError('The ingest token must be at least 16 characters.');

  const lifecycle = new Lifecycle();
  const app = await buildHttp({
    lifecycle,
    version,
    tokenHash: opts.token ? hashToken(opts.token) : undefined,
    allowedHosts: opts.allowedHosts,
    staticDir: opts.staticDir,
    logger: { level: opts.logLevel ?? 'info' },
  });
  try {
    await app.listen({ port: opts.port, host: opts.host.replace(/^\[|\]$/g, '') });
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const bare = opts.host.replace(/^\[|\]$/g, '');
  const urlHost = bare.includes(':') ? `[${bare}]` : bare === '0.0.0.0' ? '127.0.0.1' : bare;

  const ready = (async () => {
    await opts.beforeOpen?.();
    try {
      const core = await createCore({
        dataDir: opts.dataDir,
        nativeBinding: opts.nativeBinding,
        synchronous: opts.synchronous,
        logger: app.log,
        version,
        ...opts.core,
      });
      if (lifecycle.state === 'closing') {
        await core.close();
        throw new Error('closed while starting');
      }
      lifecycle.ready(core);
      return core;
    } catch (e) {
      if (lifecycle.state !== 'closing') lifecycle.fail((e as Error).message);
      throw e;
    }
  })();
  ready.catch(() => undefined); // reported through lifecycle / the caller's await

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host: opts.host,
    lifecycle,
    ready,
    close() {
      closing ??= (async () => {
        const core = lifecycle.core;
        lifecycle.closing();
        await app.close();
        await core?.close();
      })();
      return closing;
    },
  };
}
