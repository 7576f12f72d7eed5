/**
 * A log query plus structured filters → one SQL WHERE clause with bound parameters, the entry
 * point every log view shares (search, count, histogram, facets). The language itself lives in
 * log-query-tokens.ts (lexing), log-query.ts (parsing) and log-query-sql.ts (SQL); README.md
 * beside them describes it for operators.
 */
import { LOG_LEVELS, type LogLevel } from '../../shared/api/schemas/logs';
import { parseLogQuery, type QueryHint } from './log-query';
import { compileQuery } from './log-query-sql';

export { ftsString } from './log-query-sql';

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
  /** What in `q` was read differently from how it may have been meant (searched as text, ignored). */
  hints: QueryHint[];
}

/** Throws ApiError bad_request for unbalanced parentheses (see parseLogQuery); nothing else. */
export function buildLogWhere(filter: LogFilter): SqlWhere {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const { ast, hints } = filter.q ? parseLogQuery(filter.q) : { ast: null, hints: [] };
  if (ast) {
    const cond = compileQuery(ast);
    // A top-level OR keeps its parentheses (from compileQuery), so AND-joining stays correct.
    clauses.push(cond.sql);
    params.push(...cond.params);
  }
  const levels = filter.levels ? [...new Set(filter.levels)] : undefined;
  if (levels && levels.length < LOG_LEVELS.length) {
    clauses.push(levels.length ? `l.level IN (${levels.map(() => '?').join(',')})` : '0');
    params.push(...levels);
  }
  for (const field of ['service', 'spacecraft_id', 'request_id', 'trace_id'] as const) {
    const v = filter[field];
    if (v !== undefined) {
      clauses.push(`l.${field} = ?`);
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
  return { where: clauses.length ? clauses.join(' AND ') : '1', params, hints };
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
