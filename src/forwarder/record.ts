/**
 * One read line → one NDJSON record for POST /logs. Plain lines get the read time, our
 * service/spacecraft/source, and a level found in the text (or --level). With --json, a line
 * that is a JSON object keeps its own fields; fields the station does not know go under
 * `metadata` instead of getting the line refused.
 */
import type { LogLevel } from '../shared/api/schemas/logs';

export interface RecordOptions {
  service?: string | undefined;
  spacecraft?: string | undefined;
  source?: string | undefined;
  /** The level of lines where none is found. Unset: the station's default (INFO). */
  level?: LogLevel | undefined;
  json: boolean;
}

/** The station's per-line message limit (characters, as JavaScript counts them). */
export const MAX_MESSAGE = 65_536;

const STATION_FIELDS = new Set([
  'timestamp', 'level', 'service', 'message', 'spacecraft_id', 'request_id', 'trace_id', 'span_id',
  'source', 'host', 'labels', 'metadata',
]);

const LEVEL_WORDS = new Map<string, LogLevel>(Object.entries({
  trace: 'DEBUG', debug: 'DEBUG', dbg: 'DEBUG', verbose: 'DEBUG',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', inf: 'INFO',
  warn: 'WARN', warning: 'WARN', wrn: 'WARN',
  error: 'ERROR', err: 'ERROR', severe: 'ERROR',
  critical: 'CRITICAL', crit: 'CRITICAL', fatal: 'CRITICAL', alert: 'CRITICAL', emerg: 'CRITICAL', emergency: 'CRITICAL', panic: 'CRITICAL',
} satisfies Record<string, LogLevel>));

/** pino/bunyan numeric levels. */
function numericLevel(n: number): LogLevel | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (n >= 60) return 'CRITICAL';
  if (n >= 50) return 'ERROR';
  if (n >= 40) return 'WARN';
  if (n >= 30) return 'INFO';
  return 'DEBUG';
}

export function levelFromWord(word: string): LogLevel | undefined {
  return LEVEL_WORDS.get(word.trim().toLowerCase());
}

// Upper-case words anywhere ("2026-05-01 ERROR pump 3"), or any case when the text marks it as
// a level: [warn], <error>, level=info, "level":"debug", severity: crit. Lower-case prose
// ("no error found") is not a level.
const BARE = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|CRIT|CRITICAL|FATAL|ALERT|EMERG|PANIC)\b/;
const MARKED = /[[<](trace|debug|info|notice|warn|warning|error|err|crit|critical|fatal|alert|emerg|panic)[\]>]|\b(?:level|lvl|severity)"?\s*[=:]\s*"?([A-Za-z]+)/i;
/** Levels sit near the start of a line; scanning 64 KiB of a line that has none is wasted work. */
const LEVEL_SCAN = 240;

/** The first level word in the line, by the patterns above. */
export function detectLevel(line: string): LogLevel | undefined {
  const text = line.length > LEVEL_SCAN ? line.slice(0, LEVEL_SCAN) : line;
  const bare = BARE.exec(text);
  const marked = MARKED.exec(text);
  const word = bare && (!marked || bare.index <= marked.index) ? bare[1] : marked ? (marked[1] ?? marked[2]) : undefined;
  return word === undefined ? undefined : levelFromWord(word);
}

function truncated(text: string): { message: string; cut: number | undefined } {
  return text.length > MAX_MESSAGE ? { message: text.slice(0, MAX_MESSAGE), cut: text.length } : { message: text, cut: undefined };
}

function plainRecord(text: string, opts: RecordOptions, now: number): Record<string, unknown> {
  const { message, cut } = truncated(text);
  const level = detectLevel(message) ?? opts.level;
  const rec: Record<string, unknown> = { message, timestamp: now };
  if (level) rec.level = level;
  if (opts.service) rec.service = opts.service;
  if (opts.spacecraft) rec.spacecraft_id = opts.spacecraft;
  if (opts.source) rec.source = opts.source;
  if (cut !== undefined) rec.metadata = { truncated_from_chars: cut };
  return rec;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonRecord(obj: Record<string, unknown>, raw: string, opts: RecordOptions, now: number): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (STATION_FIELDS.has(k)) rec[k] = v;
    else extra[k] = v;
  }
  if (typeof rec.message !== 'string' || rec.message === '') {
    if (typeof extra.msg === 'string' && extra.msg !== '') {
      rec.message = extra.msg;
      delete extra.msg;
    } else {
      if (rec.message !== undefined) extra.message = rec.message;
      rec.message = raw;
    }
  }
  const { message, cut } = truncated(rec.message as string);
  rec.message = message;
  if (cut !== undefined) extra.truncated_from_chars = cut;

  const given = rec.level;
  const level = typeof given === 'string' ? levelFromWord(given) : typeof given === 'number' ? numericLevel(given) : undefined;
  if (given !== undefined && given !== null && level === undefined) extra.level = given;
  const chosen = level ?? detectLevel(message) ?? opts.level;
  if (chosen) rec.level = chosen;
  else delete rec.level;

  if (rec.timestamp === undefined || rec.timestamp === null) rec.timestamp = now;
  if (rec.service === undefined && opts.service) rec.service = opts.service;
  if (rec.spacecraft_id === undefined && opts.spacecraft) rec.spacecraft_id = opts.spacecraft;
  if (rec.source === undefined && rec.host === undefined && opts.source) rec.source = opts.source;
  if (Object.keys(extra).length > 0) {
    const meta = rec.metadata;
    rec.metadata = isPlainObject(meta) ? { ...meta, ...extra } : meta === undefined || meta === null ? extra : { metadata: meta, ...extra };
  }
  return rec;
}

/** The NDJSON text for one line, or null for an empty line (nothing to ship). */
export function toRecord(line: string, opts: RecordOptions, now: number): string | null {
  if (line === '') return null;
  if (opts.json && line.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined; // not JSON after all: shipped as a plain line
    }
    if (isPlainObject(parsed)) return JSON.stringify(jsonRecord(parsed, line, opts, now));
  }
  return JSON.stringify(plainRecord(line, opts, now));
}
