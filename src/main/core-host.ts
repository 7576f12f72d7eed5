import type { Core } from '../core';
import { startServer, type RunningServer, type ServerOptions } from '../station/server';
import { log } from './log';
import { explainNativeError } from './native/sqlite-binding';

/**
 * Hosts the engine inside Electron's main process by running the same embedded server as the
 * headless station: the window talks to the core over IPC, while browsers on loopback (or the
 * LAN, with a token) and field stations reach the same core over HTTP.
 */

export interface CoreHostOptions {
  port: number;
  host: string;
  dataDir: string;
  /** Built renderer, served as the web console. */
  staticDir: string;
  nativeBinding?: string;
  /** Syslog port; when taken (another station, rsyslog), the app runs on without syslog. */
  syslogPort?: number | null;
}

export interface CoreHost {
  readonly url: string;
  readonly port: number;
  /** Settles when the database is open; rejects with a user-facing message if it cannot be. */
  readonly ready: Promise<Core>;
  close(): Promise<void>;
}

type Start = (opts: ServerOptions) => Promise<RunningServer>;

function isAddressInUse(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EADDRINUSE';
}

/** A second copy of the station (or another OTLP receiver) may own the default port already. */
async function listenWithFallback(opts: ServerOptions, start: Start): Promise<RunningServer> {
  try {
    return await start(opts);
  } catch (err) {
    if (!isAddressInUse(err) || opts.port === 0) throw err;
    log.warn(`port ${opts.port} on ${opts.host} is taken; falling back to an ephemeral port`);
    return start({ ...opts, port: 0 });
  }
}

export async function startCoreHost(opts: CoreHostOptions, start: Start = startServer): Promise<CoreHost> {
  const server = await listenWithFallback(
    {
      port: opts.port,
      host: opts.host,
      dataDir: opts.dataDir,
      staticDir: opts.staticDir,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      ...(opts.syslogPort !== undefined ? { syslogPort: opts.syslogPort, syslogOptional: true } : {}),
    },
    start,
  );
  log.info(`station listening on ${server.url} (web console, API and ingest)`);

  const ready = server.ready.then(
    (core: Core) => {
      log.info(`database ready at ${core.dbPath}`);
      return core;
    },
    (err: unknown) => {
      const message = explainNativeError(err);
      log.error(`the database could not be opened: ${message}`);
      throw new Error(message, { cause: err });
    },
  );
  // Callers attach their own handlers; this one only keeps an early failure from being reported
  // as an unhandled rejection before they do.
  ready.catch(() => {});

  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    ready,
    close: () => (closing ??= server.close()),
  };
}
