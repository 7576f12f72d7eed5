import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LogLevel } from '../shared/api/schemas/logs';
import { levelFromWord, type RecordOptions } from './record';

export const DEFAULT_URL = 'http://127.0.0.1:4318';
const MiB = 1024 * 1024;

export const USAGE = `Usage: observatory forward [options] [file|glob|- ...]

Ships log lines to a station as they are written, following rotation (rename + create, and
copytruncate). With no file, or "-", reads stdin. Quote globs ('/var/log/app/*.log') so that
files appearing later are picked up too.

  --url <url>               the station (default ${DEFAULT_URL})
  --token <secret>          ingest token, sent as Authorization: Bearer <secret> (prefer OBSERVATORY_TOKEN)
  --service <name>          service of every line
  --spacecraft <id>         spacecraft_id of every line
  --source <name>           source of every line (default: this machine's host name)
  --level <level>           level of lines in which none is found (DEBUG, INFO, WARN, ERROR, CRITICAL)
  --json                    lines that are JSON objects keep their fields; unknown ones go under metadata
  --from-start              read files from their beginning on first start (default: new lines only)
  --batch-lines <n>         at most n lines a batch (default 1000)
  --batch-bytes <size>      at most this much NDJSON a batch, before gzip (default 1MiB)
  --flush-interval <dur>    send a batch that is not full after this long (default 1s)
  --spool-dir <dir>         where batches wait until the station has them (default: the per-user cache folder)
  --spool-max-bytes <size>  stop reading while the spool holds this much (default 1GiB)
  --retry-rejected          put batches from <spool>/rejected back in the queue (e.g. after fixing --token)
  --timeout <dur>           give up on one request after this long, and retry (default 30s)
  --poll-interval <dur>     how often files are checked for new lines (default 250ms)
  --verbose                 a status line on stderr every --status-interval (default 10s)
  --status-interval <dur>
  -h, --help                this text

Sizes: 512k, 1MiB, 2G (binary units). Durations: 250ms, 1s, 5m; a bare number is seconds.
Environment: OBSERVATORY_URL, OBSERVATORY_TOKEN, OBSERVATORY_SPOOL_DIR.
Exit: 0 after SIGINT/SIGTERM (unsent batches stay in the spool for the next start) or when
stdin ended and everything was delivered; 1 if the spool cannot be used; 2 on bad options.`;

export class UsageError extends Error {}

export interface ForwarderOptions {
  url: string;
  token: string | undefined;
  /** Paths and globs to tail. */
  files: string[];
  stdin: boolean;
  record: RecordOptions;
  fromStart: boolean;
  batchLines: number;
  batchBytes: number;
  flushIntervalMs: number;
  spoolDir: string;
  spoolMaxBytes: number;
  retryRejected: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  verbose: boolean;
  statusIntervalMs: number;
}

/** The per-user cache folder (XDG on Linux, Library/Caches on macOS, LocalAppData on Windows). */
export function defaultSpoolDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Observatory', 'Cache', 'forwarder');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'Observatory', 'forwarder');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'observatory', 'forwarder');
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "250ms", "1s", "5m", "2h"; a bare number is seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration (250ms, 1s, 5m)`);
  return Math.round(Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] as number));
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB };

/** "1048576", "512k", "1MiB", "1MB", "2G" — binary units throughout. */
export function parseSize(text: string, flag: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(?:([kmg])(?:i?b)?|(b))?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${flag}: "${text}" is not a size (1048576, 512k, 1MiB, 1G)`);
  return Math.floor(Number(m[1]) * (SIZE_UNITS[(m[2] ?? m[3] ?? '').toLowerCase()] as number));
}

function inRange(value: number, min: number, max: number, flag: string, shown: string): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`${flag}: ${shown} is out of range`);
  return value;
}

function name(value: string | undefined, flag: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > 200) throw new UsageError(`${flag}: longer than 200 characters`);
  return value;
}

/** argv → options, flags over environment over defaults. */
export function parseForwarderArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, hostname = os.hostname()): ForwarderOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      service: { type: 'string' },
      spacecraft: { type: 'string' },
      source: { type: 'string' },
      level: { type: 'string' },
      json: { type: 'boolean' },
      'from-start': { type: 'boolean' },
      'batch-lines': { type: 'string' },
      'batch-bytes': { type: 'string' },
      'flush-interval': { type: 'string' },
      'spool-dir': { type: 'string' },
      'spool-max-bytes': { type: 'string' },
      'retry-rejected': { type: 'boolean' },
      timeout: { type: 'string' },
      'poll-interval': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      'status-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return 'help';

  const url = values.url ?? (env.OBSERVATORY_URL || DEFAULT_URL);
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError(`--url: "${url}" is not a URL (http://host:4318)`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw new UsageError('--url: must be http:// or https://');

  let level: LogLevel | undefined;
  if (values.level !== undefined) {
    level = levelFromWord(values.level);
    if (!level) throw new UsageError(`--level: "${values.level}" is not a level (DEBUG, INFO, WARN, ERROR, CRITICAL)`);
  }

  const files = positionals.filter((p) => p !== '-');
  const stdin = positionals.length === 0 || positionals.includes('-');

  const batchLines = Number(values['batch-lines'] ?? '1000');
  if (!/^[0-9]+$/.test(values['batch-lines'] ?? '1000')) throw new UsageError(`--batch-lines: "${values['batch-lines']}" is not a whole number`);

  return {
    url,
    token: values.token ?? (env.OBSERVATORY_TOKEN || undefined),
    files,
    stdin,
    record: {
      service: name(values.service, '--service'),
      spacecraft: name(values.spacecraft, '--spacecraft'),
      source: name(values.source, '--source') ?? hostname,
      level,
      json: values.json ?? false,
    },
    fromStart: values['from-start'] ?? false,
    batchLines: inRange(batchLines, 1, 100_000, '--batch-lines', String(batchLines)),
    batchBytes: inRange(parseSize(values['batch-bytes'] ?? '1MiB', '--batch-bytes'), 1024, 8 * MiB, '--batch-bytes', `${values['batch-bytes']} (1k to 8MiB)`),
    flushIntervalMs: inRange(parseDuration(values['flush-interval'] ?? '1s', '--flush-interval'), 10, 3_600_000, '--flush-interval', values['flush-interval'] ?? ''),
    spoolDir: values['spool-dir'] ?? (env.OBSERVATORY_SPOOL_DIR || defaultSpoolDir(env)),
    spoolMaxBytes: inRange(parseSize(values['spool-max-bytes'] ?? '1GiB', '--spool-max-bytes'), 64 * 1024, Number.MAX_SAFE_INTEGER, '--spool-max-bytes', `${values['spool-max-bytes']} (at least 64k)`),
    retryRejected: values['retry-rejected'] ?? false,
    timeoutMs: inRange(parseDuration(values.timeout ?? '30s', '--timeout'), 100, 600_000, '--timeout', values.timeout ?? ''),
    pollIntervalMs: inRange(parseDuration(values['poll-interval'] ?? '250ms', '--poll-interval'), 10, 60_000, '--poll-interval', values['poll-interval'] ?? ''),
    verbose: values.verbose ?? false,
    statusIntervalMs: inRange(parseDuration(values['status-interval'] ?? '10s', '--status-interval'), 100, 3_600_000, '--status-interval', values['status-interval'] ?? ''),
  };
}
