import { parseArgs } from 'node:util';
import type { ServerOptions } from './server';
import { defaultDataDir, defaultStaticDir } from './paths';

export const DEFAULT_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';

export const USAGE = `Usage: observatory station [options]

  --port <n>            HTTP port (default ${DEFAULT_PORT}, OTLP/HTTP's well-known port; 0 = any free port)
  --host <addr>         address to listen on (default ${DEFAULT_HOST}); anything but loopback needs --token
  --data-dir <dir>      where the SQLite database lives (default: the OS's per-user app-data folder)
  --token <secret>      ingest token (or OBSERVATORY_TOKEN); clients send Authorization: Bearer <secret>
  --allowed-hosts <a,b> extra Host names to answer to (DNS-rebinding protection)
  --synchronous <mode>  normal (default; a 2xx survives an app crash) or full (also survives power loss)
  --log-level <level>   fatal, error, warn, info (default), debug
  --no-console          do not serve the web console
  -h, --help            this text

Environment: OBSERVATORY_PORT, OBSERVATORY_HOST, OBSERVATORY_DATA_DIR, OBSERVATORY_TOKEN.`;

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
      'log-level': { type: 'string' },
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
  const sync = (values.synchronous ?? 'normal').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new UsageError('--synchronous: normal or full');
  const level = values['log-level'] ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) throw new UsageError(`--log-level: unknown level "${level}"`);
  return {
    port,
    host: values.host ?? (env.OBSERVATORY_HOST || DEFAULT_HOST),
    dataDir: values['data-dir'] ?? (env.OBSERVATORY_DATA_DIR || defaultDataDir(env)),
    token: values.token ?? (env.OBSERVATORY_TOKEN || undefined),
    allowedHosts: values['allowed-hosts']?.split(',').map((s) => s.trim()).filter(Boolean),
    synchronous: sync,
    logLevel: level,
    staticDir: values['no-console'] ? undefined : defaultStaticDir(),
  };
}
