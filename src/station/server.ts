/**
 * The station: core + HTTP app on a port, and the syslog listener when asked. Listens first
 * (answering 503 + Retry-After to ingest until the database is open and migrated), then opens
 * the store, then starts syslog; closes in the reverse order, letting in-flight requests finish
 * and committing the syslog lines already read.
 */
import { isIP } from 'node:net';
import { createCore, type Core, type CoreOptions } from '../core/core';
import { buildHttp, hashToken, Lifecycle } from '../http/index';
import type { Synchronous } from '../core/db/open';
import { parseSyslogTimeZone } from '../core/ingest/formats/syslog-time';
import { startSyslog, type SyslogListener, type SyslogStats } from '../syslog/server';
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
  /**
   * Syslog over UDP and TCP on this port, same host as HTTP (0 = any free port; null or absent =
   * off — the CLI's default, 5514, comes from options.ts). Started once the core is open.
   */
  syslogPort?: number | null | undefined;
  /** The desktop app: when the syslog port cannot be bound, log it and run on without syslog. */
  syslogOptional?: boolean | undefined;
  /** Zone of RFC 3164 syslog stamps, which carry none: UTC (default), `+02:00`, an IANA name or `local`. */
  syslogTimeZone?: string | undefined;
  /** Test hook: tune intervals or the clock. */
  core?: Partial<Pick<CoreOptions, 'alertIntervalMs' | 'collectIntervalMs' | 'retentionIntervalMs' | 'now' | 'queryTimeoutMs' | 'histogramExactMs' | 'staging'>>;
  /** Test hook: run before the store is opened (e.g. to observe the starting state). */
  beforeOpen?: () => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  lifecycle: Lifecycle;
  ready: Promise<Core>;
  /**
   * Where syslog listens once `ready` has resolved; null before that, and when it is off.
   * (Optional in the type only so hand-made doubles of a RunningServer stay valid.)
   */
  readonly syslog?: SyslogEndpoints | null;
  close(): Promise<void>;
}

export interface SyslogEndpoints {
  udpPort: number;
  tcpPort: number;
  stats(): SyslogStats;
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
  const syslogZone = parseSyslogTimeZone(opts.syslogTimeZone ?? 'UTC');
  if (!syslogZone) throw new ConfigError(`Unknown syslog time zone "${opts.syslogTimeZone}": use UTC, an offset such as +02:00, an IANA name such as Europe/Berlin, or local.`);

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

  let syslog: SyslogListener | null = null;
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
      if (opts.syslogPort !== undefined && opts.syslogPort !== null) {
        let listener: SyslogListener | null = null;
        try {
          listener = await startSyslog({ host: opts.host, port: opts.syslogPort, ingest: core.ingest, logger: app.log, timeZone: syslogZone });
          const counted = listener;
          core.addCounters('syslog', () => ({ ...counted.stats() }));
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          if (opts.syslogOptional && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
            app.log.warn({ port: opts.syslogPort, code: err.code }, 'syslog port unavailable; running without syslog (HTTP ingest is unaffected)');
          } else {
            await core.close();
            throw err.code === 'EADDRINUSE' || err.code === 'EACCES'
              ? Object.assign(new Error(`syslog port ${opts.syslogPort} on ${opts.host} is ${err.code === 'EADDRINUSE' ? 'in use' : 'not permitted'}; choose another with --syslog-port, or turn syslog off with --syslog-port off`), { code: err.code })
              : e;
          }
        }
        // close() may have been called while the listener was binding.
        if (listener && (lifecycle.state as string) === 'closing') {
          await listener.close();
          await core.close();
          throw new Error('closed while starting');
        }
        syslog = listener;
        if (listener && !isLoopback(opts.host)) {
          app.log.warn({ host: opts.host, udpPort: listener.udpPort, tcpPort: listener.tcpPort }, 'syslog has no authentication: anyone who can reach this port can write log lines (--syslog-port off to disable)');
        }
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
    get syslog() {
      const s = syslog;
      return s && { udpPort: s.udpPort, tcpPort: s.tcpPort, stats: () => s.stats() };
    },
    close() {
      closing ??= (async () => {
        const core = lifecycle.core;
        lifecycle.closing();
        // Syslog first, while the core can still commit what it has read; HTTP in-flight requests meanwhile.
        await Promise.all([syslog?.close(), app.close()]);
        await core?.close();
      })();
      return closing;
    },
  };
}
