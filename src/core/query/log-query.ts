/**
 * The log query language, first slice: bare words (ANDed), "quoted phrases", prefix `therm*`,
 * `-word` / `NOT word`, and field terms `level:error`, `level>=warn`, `service:nav`,
 * `spacecraft:voyager-1`, `source:`/`host:`, `request_id:`, `trace_id:`. Anything that is not
 * one of those is searched as text: the parser never fails on input it can read literally.
 */
import { LOG_LEVELS, type LogLevel } from '../../shared/api/schemas/logs';

export type TextTerm = { kind: 'text'; text: string; phrase: boolean; prefix: boolean; negated: boolean };
export type FieldName = 'level' | 'service' | 'spacecraft_id' | 'source' | 'request_id' | 'trace_id';
export type FieldTerm = { kind: 'field'; field: FieldName; op: ':' | '>=' | '>' | '<=' | '<'; value: string; negated: boolean };
export type Term = TextTerm | FieldTerm;

// Maps, not object literals: user text must never reach Object.prototype (`constructor:`, `__proto__`).
const FIELD_ALIASES = new Map<string, FieldName>(Object.entries({
  level: 'level',
  service: 'service',
  spacecraft: 'spacecraft_id',
  spacecraft_id: 'spacecraft_id',
  source: 'source',
  host: 'source',
  request_id: 'request_id',
  trace_id: 'trace_id',
} satisfies Record<string, FieldName>));

const FIELD_TERM = /^([a-z_]+)(:|>=|<=|>|<)(.+)$/i;

/** Split into raw tokens, keeping "quoted phrases" (with an optional leading -) whole. */
function tokenize(input: string): string[] {
  const tokens: string[] = [];
  // field:"a quoted value" | -"a phrase" | a bare token
  const re = /(-?[A-Za-z_]+(?::|>=|<=|>|<)"[^"]*"?)|(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    if (m[1] !== undefined) tokens.push(m[1]);
    else if (m[4] !== undefined) tokens.push(m[4]);
    else tokens.push(`${m[2]}"${m[3] ?? ''}"`);
  }
  return tokens;
}

export function parseLogQuery(input: string): Term[] {
  const terms: Term[] = [];
  let negateNext = false;
  for (const raw of tokenize(input)) {
    if (raw === 'NOT') {
      negateNext = true;
      continue;
    }
    if (raw === 'AND') continue;
    let token = raw;
    let negated = negateNext;
    negateNext = false;
    if (token.length > 1 && token.startsWith('-')) {
      negated = !negated;
      token = token.slice(1);
    }
    if (token.startsWith('"')) {
      const text = token.replace(/^"|"$/g, '');
      if (text.trim()) terms.push({ kind: 'text', text, phrase: true, prefix: false, negated });
      continue;
    }
    const f = FIELD_TERM.exec(token);
    const field = f ? FIELD_ALIASES.get((f[1] as string).toLowerCase()) : undefined;
    if (f && field) {
      const op = f[2] as FieldTerm['op'];
      const value = (f[3] as string).replace(/^"|"$/g, '');
      if (op === ':' || field === 'level') {
        terms.push({ kind: 'field', field, op, value, negated });
        continue;
      }
    }
    const prefix = token.length > 1 && token.endsWith('*');
    terms.push({ kind: 'text', text: prefix ? token.slice(0, -1) : token, phrase: false, prefix, negated });
  }
  return terms;
}

const LEVEL_ALIASES = new Map<string, LogLevel>(Object.entries({
  trace: 'DEBUG', debug: 'DEBUG', dbg: 'DEBUG', verbose: 'DEBUG',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', inf: 'INFO',
  warn: 'WARN', warning: 'WARN', wrn: 'WARN',
  error: 'ERROR', err: 'ERROR', eror: 'ERROR',
  critical: 'CRITICAL', crit: 'CRITICAL', fatal: 'CRITICAL', alert: 'CRITICAL', emerg: 'CRITICAL', emergency: 'CRITICAL', panic: 'CRITICAL',
} satisfies Record<string, LogLevel>));

/** DEBUG/INFO/…, case-insensitive, with the aliases shippers use (warning, err, fatal, crit…). */
export function normaliseLevel(text: string): LogLevel | null {
  return LEVEL_ALIASES.get(text.trim().toLowerCase()) ?? null;
}

export function levelsAtLeast(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));
}

export function levelsMatching(op: FieldTerm['op'], level: LogLevel): LogLevel[] {
  const i = LOG_LEVELS.indexOf(level);
  switch (op) {
    case ':':
      return [level];
    case '>=':
      return LOG_LEVELS.slice(i);
    case '>':
      return LOG_LEVELS.slice(i + 1);
    case '<=':
      return LOG_LEVELS.slice(0, i + 1);
    case '<':
      return LOG_LEVELS.slice(0, i);
  }
}
