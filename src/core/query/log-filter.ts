/**
 * Turns a log query plus structured filters into a SQL WHERE clause with bound parameters.
 * User text reaches FTS5 only as double-quoted strings we build here, so no input can be read
 * by FTS5 as its own syntax (column filters, NEAR, ^, unbalanced quotes…).
 */
import { LOG_LEVELS, type LogLevel } from '../../shared/api/schemas/logs';
import { levelsMatching, normaliseLevel, parseLogQuery, type Term, type TextTerm } from './log-query';

export interface LogFilter {
  q?: string | undefined;
  levels?: LogLevel[] | undefined;
  service?: string | undefined;
  spacecraft_id?: string | undefined;
  request_id?: string | undefined;
  trace_id?: string | undefined;
  from?: number | null | undefined;
  to?: number | null | undefined;
}

export interface SqlWhere {
  /** Conditions on the `l` alias of log_entries, joined with AND; '1' when there are none. */
  where: string;
  params: unknown[];
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** One FTS5 string literal: the text quoted, inner quotes doubled; `"therm"*` for a prefix. */
export function ftsString(term: TextTerm): string | null {
  if (!HAS_WORD.test(term.text)) return null;
  // FTS5 reads a NUL as the end of its input; the tokenizer treats it as a separator anyway.
  const text = term.text.replaceAll('\u0000', ' ').replace(/"/g, '""');
  return `"${text}"${term.prefix ? '*' : ''}`;
}

function globEscape(text: string): string {
  return text.replace(/[[*?]/g, (c) => `[${c}]`);
}

const COLUMN = {
  service: 'l.service',
  spacecraft_id: 'l.spacecraft_id',
  source: 'l.source',
  request_id: 'l.request_id',
  trace_id: 'l.trace_id',
} as const;

export function buildLogWhere(filter: LogFilter): SqlWhere {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const positive: string[] = [];
  const negative: string[] = [];

  const terms: Term[] = filter.q ? parseLogQuery(filter.q) : [];
  for (const term of terms) {
    if (term.kind === 'text') {
      const fts = ftsString(term);
      if (fts) (term.negated ? negative : positive).push(fts);
      continue;
    }
    if (term.field === 'level') {
      const level = normaliseLevel(term.value);
      if (!level) {
        const fts = ftsString({ kind: 'text', text: term.value, phrase: false, prefix: false, negated: term.negated });
        if (fts) (term.negated ? negative : positive).push(fts);
        continue;
      }
      const set = levelsMatching(term.op, level);
      if (set.length === 0) {
        // `level<debug` matches nothing, so its negation matches everything.
        if (!term.negated) clauses.push('0');
        continue;
      }
      clauses.push(`l.level ${term.negated ? 'NOT IN' : 'IN'} (${set.map(() => '?').join(',')})`);
      params.push(...set);
      continue;
    }
    const column = COLUMN[term.field];
    const isPrefix = term.value.length > 1 && term.value.endsWith('*');
    const cmp = isPrefix ? `${column} GLOB ?` : `${column} = ?`;
    const value = isPrefix ? `${globEscape(term.value.slice(0, -1))}*` : term.value;
    clauses.push(term.negated ? `(${column} IS NULL OR NOT (${cmp}))` : cmp);
    params.push(value);
  }

  if (positive.length) {
    clauses.push('l.id IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)');
    params.push(positive.join(' AND '));
  }
  if (negative.length) {
    clauses.push('l.id NOT IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)');
    params.push(negative.join(' OR '));
  }
  const levels = filter.levels ? [...new Set(filter.levels)] : undefined;
  if (levels && levels.length < LOG_LEVELS.length) {
    clauses.push(levels.length ? `l.level IN (${levels.map(() => '?').join(',')})` : '0');
    params.push(...levels);
  }
  for (const field of ['service', 'spacecraft_id', 'request_id', 'trace_id'] as const) {
    const v = filter[field];
    if (v !== undefined) {
      clauses.push(`${COLUMN[field]} = ?`);
      params.push(v);
    }
  }
  if (filter.from !== undefined && filter.from !== null) {
    clauses.push('l.timestamp >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined && filter.to !== null) {
    clauses.push('l.timestamp <= ?');
    params.push(filter.to);
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** Opaque, stable page position: newest-first order is (timestamp DESC, id DESC). */
export function encodeCursor(timestamp: number, id: number): string {
  return Buffer.from(JSON.stringify([timestamp, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { timestamp: number; id: number } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && Number.isSafeInteger(v[1])) {
      return { timestamp: v[0] as number, id: v[1] as number };
    }
  } catch {
    // fall through: an unreadable cursor is the caller's mistake, reported as such
  }
  return null;
}
