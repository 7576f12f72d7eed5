import { parseArgs } from 'node:util';
import { parseSyslogTimeZone } from '../core/ingest/formats/syslog-time';
import type { ServerOptions } from './server';
import { defaultDataDir, defaultStaticDir } from './paths';

export const DEFAULT_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SYSLOG_PORT = 5514;

export const USAGE = `Usage: observatory station [options]

  --port <n>            HTTP port (default ${DEFAULT_PORT}, OTLP/HTTP's well-known port; 0 = any free port)
  --host <addr>         address to listen on (default ${DEFAULT_HOST}); anything but loopback needs --token
  --data-dir <dir>      where the SQLite database lives (default: the OS's per-user app-data folder)
  --token <secret>      ingest token (or OBSERVATORY_TOKEN); clients send Authorization: Bearer <secret>
  --allowed-hosts <a,b> extra Host names to answer to (DNS-rebinding protection)
  --synchronous <mode>  normal (default; a 2xx survives an app crash) or full (also survives power loss)
  --syslog-port <n|off> syslog over UDP and TCP (RFC 5424 and RFC 3164; TCP framed by LF or by octet
                        counting) on the same host (default ${DEFAULT_SYSLOG_PORT}; 0 = any free port; off = none).
                        Syslog has no authentication: on a non-loopback host anyone who reaches it can write.
  --syslog-timezone <z> zone of RFC 3164 stamps, which carry none: UTC (default), +02:00, Europe/Berlin, local.
                        Their missing year is the current one, or the previous if that is over a day ahead.
  --collect-interval <d> how often host/process/ingest figures are sampled and stored (default 10s)
  --query-timeout <d>   a log search, histogram or facets query running longer is stopped and the
                        user told how to narrow it (default 2s; e.g. 500ms, 5s, 1m)
  --histogram-exact <d> a log histogram whose exact count takes longer is estimated from a sample
                        and marked so (default 350ms; 0ms = estimate whatever is large, the query
                        timeout = always exact)
  --log-level <level>   fatal, error, warn, info (default), debug
  --no-console          do not serve the web console
  -h, --help            this text

Environment: OBSERVATORY_PORT, OBSERVATORY_HOST, OBSERVATORY_DATA_DIR, OBSERVATORY_TOKEN,
OBSERVATORY_SYSLOG_PORT, OBSERVATORY_SYSLOG_TIMEZONE, OBSERVATORY_QUERY_TIMEOUT, OBSERVATORY_HISTOGRAM_EXACT.`;

export class UsageError extends Error {}

/** argv → ServerOptions, flags over environment over defaults. */
export function parseStationArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      'allowed-hosts': { type: 'string' },
      synchronous: { type: 'string' },
      'syslog-port': { type: 'string' },
      'syslog-timezone': { type: 'string' },
      'log-level': { type: 'string' },
      'collect-interval': { type: 'string' },
      'query-timeout': { type: 'string' },
      'histogram-exact': { type: 'string' },
      'no-console': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const portText = values.port ?? (env.OBSERVATORY_PORT || String(DEFAULT_PORT));
  const port = Number(portText);
  if (!/^[0-9]{1,5}$/.test(portText) || port > 65535) throw new UsageError(`--port: "${portText}" is not a port number (0-65535)`);
  const syslogText = (values['syslog-port'] ?? (env.OBSERVATORY_SYSLOG_PORT || String(DEFAULT_SYSLOG_PORT))).trim();
  let syslogPort: number | null = null;
  if (syslogText.toLowerCase() !== 'off') {
    syslogPort = Number(syslogText);
    if (!/^[0-9]{1,5}$/.test(syslogText) || syslogPort > 65535) throw new UsageError(`--syslog-port: "${syslogText}" is not a port number (0-65535) or off`);
  }
  const syslogTimeZone = values['syslog-timezone'] ?? (env.OBSERVATORY_SYSLOG_TIMEZONE || 'UTC');
  if (!parseSyslogTimeZone(syslogTimeZone)) {
    throw new UsageError(`--syslog-timezone: "${syslogTimeZone}" is not a zone; use UTC, an offset such as +02:00, an IANA name such as Europe/Berlin, or local`);
  }
  const sync = (values.synchronous ?? 'normal').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new UsageError('--synchronous: normal or full');
  const collectText = values['collect-interval'] ?? '10s';
  const collectMatch = /^([0-9]{1,6})(ms|s|m)$/.exec(collectText);
  const collectIntervalMs = collectMatch ? Number(collectMatch[1]) * { ms: 1, s: 1000, m: 60_000 }[collectMatch[2] as 'ms' | 's' | 'm'] : NaN;
  if (!(collectIntervalMs >= 500)) throw new UsageError(`--collect-interval: "${collectText}" is not a duration of at least 500ms (e.g. 10s)`);
  const queryTimeoutText = values['query-timeout'] ?? (env.OBSERVATORY_QUERY_TIMEOUT || '2s');
  const queryTimeoutMatch = /^([0-9]{1,7})(ms|s|m)$/.exec(queryTimeoutText);
  const queryTimeoutMs = queryTimeoutMatch ? Number(queryTimeoutMatch[1]) * { ms: 1, s: 1000, m: 60_000 }[queryTimeoutMatch[2] as 'ms' | 's' | 'm'] : NaN;
  if (!(queryTimeoutMs >= 50 && queryTimeoutMs <= 600_000)) {
    throw new UsageError(`--query-timeout: "${queryTimeoutText}" is not a duration between 50ms and 10m (e.g. 2s)`);
  }
  const exactText = values['histogram-exact'] ?? (env.OBSERVATORY_HISTOGRAM_EXACT || '350ms');
  const exactMatch = /^([0-9]{1,7})(ms|s|m)$/.exec(exactText);
  const histogramExactMs = exactMatch ? Number(exactMatch[1]) * { ms: 1, s: 1000, m: 60_000 }[exactMatch[2] as 'ms' | 's' | 'm'] : NaN;
  if (!(histogramExactMs >= 0 && histogramExactMs <= 600_000)) {
    throw new UsageError(`--histogram-exact: "${exactText}" is not a duration up to 10m (e.g. 350ms)`);
  }
  const level = values['log-level'] ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) throw new UsageError(`--log-level: unknown level "${level}"`);
  return {
    port,
    host: values.host ?? (env.OBSERVATORY_HOST || DEFAULT_HOST),
    dataDir: values['data-dir'] ?? (env.OBSERVATORY_DATA_DIR || defaultDataDir(env)),
    token: values.token ?? (env.OBSERVATORY_TOKEN || undefined),
    allowedHosts: values['allowed-hosts']?.split(',').map((s) => s.trim()).filter(Boolean),
    synchronous: sync,
    syslogPort,
    syslogTimeZone,
    logLevel: level,
    core: { collectIntervalMs, queryTimeoutMs, histogramExactMs },
    staticDir: values['no-console'] ? undefined : defaultStaticDir(),
  };
}
