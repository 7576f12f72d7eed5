import type { Database, Statement } from 'better-sqlite3';
import { type LogEntry, type LogLevel } from '../../../shared/api/schemas/logs';
import { buildLogWhere, type LogFilter } from '../../query/log-filter';
import { timed, type SlowQueryLogger } from '../slow-query';
import { LogHistograms, type HistogramCounts, type TimeBudget } from './log-histogram';
import { hasFullText, narrowToTimeRange, oneMatchList, searchInWindows } from './log-search-windows';

/** A validated line ready to store (metadata/labels already serialised). */
export interface LogRecord {
  timestamp: number;
  level: LogLevel;
  service: string | null;
  message: string;
  metadata: string | null;
  spacecraft_id: string | null;
  request_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  source: string | null;
  labels: string | null;
}

interface LogRow extends Omit<LogEntry, 'metadata' | 'labels'> {
  metadata: string | null;
  labels: string | null;
}

function toEntry(row: LogRow): LogEntry {
  return {
    ...row,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as unknown),
    labels: row.labels === null ? null : (JSON.parse(row.labels) as Record<string, string>),
  };
}

export type GroupColumn = 'level' | 'service' | 'spacecraft_id' | 'source';

/** A stored line as read for export: metadata and labels stay JSON text, as stored. */
export type RawLogRow = LogRow;

/** Which neighbours count as context: the same service, spacecraft, both, or any line. */
export type ContextScope = 'service' | 'spacecraft_id' | 'both' | 'any';

export interface LogKey {
  timestamp: number;
  id: number;
}

export class LogsRepo {
  private readonly insertStmt: Statement;
  private readonly maxIdStmt: Statement;
  private readonly indexStmt: Statement;
  private readonly histograms: LogHistograms;

  /**
   * `guard`: an SQL condition on the `l` alias added to every filtered read (a query thread's
   * deadline check, see query/worker/query-thread.ts); it must be true for every row it lets run.
   * `budget`: runs a read under a shorter deadline than the request's, undefined if it ran out
   * (the same check, see query/worker/serve.ts); lets the histogram try an exact count first.
   */
  constructor(
    private readonly db: Database,
    private readonly slow?: SlowQueryLogger,
    private readonly guard?: string,
    budget?: TimeBudget,
    exactMs?: number,
  ) {
    this.histograms = new LogHistograms(db, (filter) => this.where(filter), slow, guard, budget, exactMs);
    this.insertStmt = db.prepare(
      `INSERT INTO log_entries (timestamp, level, service, message, metadata, spacecraft_id, request_id, trace_id, span_id, source, labels, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.maxIdStmt = db.prepare('SELECT max(id) AS m FROM log_entries');
    this.indexStmt = db.prepare('INSERT INTO log_fts (rowid, message) SELECT id, message FROM log_entries WHERE id > ?');
  }

  /**
   * Insert lines and index them for full-text search, within the caller's transaction (the
   * writer holds the write lock, so ids above the current maximum are exactly these lines).
   * Every insert into log_entries must come through here: the full-text index has external
   * content, and deleting a row it never indexed corrupts it.
   */
  insert(record: LogRecord, createdAt: number): void {
    this.insertBatch([record], createdAt);
  }

  insertBatch(records: readonly LogRecord[], createdAt: number): void {
    if (records.length === 0) return;
    const before = (this.maxIdStmt.get() as { m: number | null }).m ?? 0;
    // Positional binding: measurably cheaper than named parameters on this, the hottest loop.
    const stmt = this.insertStmt;
    for (const r of records) {
      stmt.run(r.timestamp, r.level, r.service, r.message, r.metadata, r.spacecraft_id, r.request_id, r.trace_id, r.span_id, r.source, r.labels, createdAt);
    }
    this.indexStmt.run(before);
  }

  private where(filter: LogFilter, w = buildLogWhere(filter)): { where: string; params: unknown[] } {
    return this.guard ? { where: `${w.where} AND ${this.guard}`, params: w.params } : w;
  }

  search(filter: LogFilter, after: { timestamp: number; id: number } | null, limit: number): LogEntry[] {
    const own = buildLogWhere(filter);
    const { where, params } = this.where(filter, own);
    const page = after ? ' AND (l.timestamp < ? OR (l.timestamp = ? AND l.id < ?))' : '';
    const sql = `SELECT l.* FROM log_entries l WHERE ${where}${page} ORDER BY l.timestamp DESC, l.id DESC LIMIT ?`;
    const pageParams = [...params, ...(after ? [after.timestamp, after.timestamp, after.id] : [])];
    const all = [...pageParams, limit];
    // With full-text terms, read the newest rowids first rather than every match (see log-search-windows.ts).
    const rows = hasFullText(where)
      ? timed(this.db, this.slow, 'logs.search.windows', sql, all, () => searchInWindows<LogRow>(this.db, `${where}${page}`, pageParams, filter, limit, { oneList: oneMatchList(own.where) }))
      : timed(this.db, this.slow, 'logs.search', sql, all, () => this.db.prepare(sql).all(...all) as LogRow[]);
    return rows.map(toEntry);
  }

  count(filter: LogFilter): number {
    const { where, params } = this.where(filter);
    const sql = `SELECT count(*) AS n FROM log_entries l WHERE ${where}`;
    return timed(this.db, this.slow, 'logs.count', sql, params, () => (this.db.prepare(sql).get(...params) as { n: number }).n);
  }

  /** Counts per value of one column, most frequent first. */
  countBy(column: GroupColumn, filter: LogFilter, limit: number): { value: string; count: number }[] {
    const { where: plain, params } = this.where(filter);
    const narrowed = narrowToTimeRange(this.db, plain, filter);
    const where = narrowed?.where ?? plain;
    const sql = `SELECT l.${column} AS value, count(*) AS count FROM log_entries l
                 WHERE ${where} AND l.${column} IS NOT NULL GROUP BY l.${column} ORDER BY count DESC, value LIMIT ?`;
    const all = [...params, limit, ...(narrowed ? [narrowed.rowids] : [])];
    return timed(this.db, this.slow, `logs.countBy.${column}`, sql, all, () => this.db.prepare(sql).all(...all) as { value: string; count: number }[]);
  }

  /** Per spacecraft: lines, ERROR-and-above lines, newest timestamp. */
  spacecraftActivity(from: number, to: number): { spacecraft_id: string; count: number; errors: number; last_seen: number }[] {
    const sql = `SELECT spacecraft_id, count(*) AS count,
                        sum(level IN ('ERROR','CRITICAL')) AS errors, max(timestamp) AS last_seen
                 FROM log_entries WHERE spacecraft_id IS NOT NULL AND timestamp BETWEEN ? AND ?
                 GROUP BY spacecraft_id ORDER BY count DESC`;
    return timed(this.db, this.slow, 'logs.spacecraftActivity', sql, [from, to], () =>
      this.db.prepare(sql).all(from, to) as { spacecraft_id: string; count: number; errors: number; last_seen: number }[],
    );
  }

  /** Line counts in fixed buckets, one series per value of `groupBy`. */
  buckets(from: number, to: number, bucketMs: number, groupBy: GroupColumn): { bucket: number; name: string | null; count: number }[] {
    // better-sqlite3 binds JS numbers as REAL: cast, or the division is fractional and every row is its own bucket.
    const sql = `SELECT (timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, ${groupBy} AS name, count(*) AS count
                 FROM log_entries WHERE timestamp >= ? AND timestamp < ?
                 GROUP BY b, ${groupBy} ORDER BY b`;
    const params = [from, bucketMs, from, to];
    const rows = timed(this.db, this.slow, 'logs.buckets', sql, params, () =>
      this.db.prepare(sql).all(...params) as { b: number; name: string | null; count: number }[],
    );
    return rows.map((r) => ({ bucket: from + r.b * bucketMs, name: r.name, count: r.count }));
  }

  countBetween(from: number, to: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM log_entries WHERE timestamp >= ? AND timestamp < ?').get(from, to) as { n: number }).n;
  }

  total(): number {
    return (this.db.prepare('SELECT max(id) AS n FROM log_entries').get() as { n: number | null }).n ?? 0;
  }

  // ---- analysis: histogram, facets, context, export ----------------------------------------

  /** Matching lines per (bucket, level), exact or estimated: see log-histogram.ts. */
  histogram(filter: LogFilter, first: number, bucketMs: number, opts: { exact?: boolean; every?: number } = {}): HistogramCounts {
    return this.histograms.histogram(filter, first, bucketMs, opts);
  }

  /** Top values of each facet column among matching lines, most frequent first. */
  facets(filter: LogFilter, limit: number): Record<GroupColumn, { value: string; count: number }[]> {
    return {
      level: this.countBy('level', filter, limit),
      service: this.countBy('service', filter, limit),
      spacecraft_id: this.countBy('spacecraft_id', filter, limit),
      source: this.countBy('source', filter, limit),
    };
  }

  get(id: number): LogEntry | null {
    const row = this.db.prepare('SELECT * FROM log_entries WHERE id = ?').get(id) as LogRow | undefined;
    return row ? toEntry(row) : null;
  }

  /**
   * Up to `before` lines just before and `after` just after `anchor` in (timestamp, id) order,
   * among lines sharing its service and/or spacecraft (NULL matches NULL: `IS`, which SQLite
   * serves from the (service, timestamp) / (spacecraft_id, timestamp) indexes like `=`).
   * Both lists oldest first.
   */
  context(anchor: LogEntry, scope: ContextScope, before: number, after: number): { before: LogEntry[]; after: LogEntry[] } {
    const same: string[] = [];
    const params: unknown[] = [];
    if (scope === 'service' || scope === 'both') {
      same.push('l.service IS ?');
      params.push(anchor.service);
    }
    if (scope === 'spacecraft_id' || scope === 'both') {
      same.push('l.spacecraft_id IS ?');
      params.push(anchor.spacecraft_id);
    }
    if (this.guard) same.push(this.guard);
    const cond = same.length ? `${same.join(' AND ')} AND ` : '';
    const t = anchor.timestamp;
    // `timestamp <= t` first, so the index range starts at the anchor; the OR only settles ties.
    const beforeSql = `SELECT l.* FROM log_entries l WHERE ${cond}l.timestamp <= ? AND (l.timestamp < ? OR l.id < ?)
                       ORDER BY l.timestamp DESC, l.id DESC LIMIT ?`;
    const afterSql = `SELECT l.* FROM log_entries l WHERE ${cond}l.timestamp >= ? AND (l.timestamp > ? OR l.id > ?)
                      ORDER BY l.timestamp, l.id LIMIT ?`;
    const b = [...params, t, t, anchor.id, before];
    const a = [...params, t, t, anchor.id, after];
    const beforeRows = before === 0 ? [] : timed(this.db, this.slow, 'logs.context.before', beforeSql, b, () => this.db.prepare(beforeSql).all(...b) as LogRow[]);
    const afterRows = after === 0 ? [] : timed(this.db, this.slow, 'logs.context.after', afterSql, a, () => this.db.prepare(afterSql).all(...a) as LogRow[]);
    return { before: beforeRows.reverse().map(toEntry), after: afterRows.map(toEntry) };
  }

  /**
   * One export page: up to `limit` matching lines after `after`, oldest first, handed to
   * `onRow` one at a time straight from SQLite's cursor (`iterate`), so a page is never held
   * as an array of rows. Synchronous: the connection is busy until it returns, which is why
   * exports read in pages and yield between them. Returns the last key seen (null: no rows).
   */
  exportPage(filter: LogFilter, after: LogKey | null, limit: number, onRow: (row: RawLogRow) => void): LogKey | null {
    const { where, params } = this.where(filter);
    const page = after ? ' AND l.timestamp >= ? AND (l.timestamp > ? OR l.id > ?)' : '';
    const sql = `SELECT l.* FROM log_entries l WHERE ${where}${page} ORDER BY l.timestamp, l.id LIMIT ?`;
    const all = [...params, ...(after ? [after.timestamp, after.timestamp, after.id] : []), limit];
    const last: LogKey = { timestamp: 0, id: 0 };
    let seen = false;
    timed(this.db, this.slow, 'logs.exportPage', sql, all, () => {
      for (const row of this.db.prepare(sql).iterate(...all) as IterableIterator<LogRow>) {
        onRow(row);
        last.timestamp = row.timestamp;
        last.id = row.id;
        seen = true;
      }
    });
    return seen ? last : null;
  }

  /**
   * For a live tail: matching lines with `afterId < id <= upTo` (upTo: the newest committed id
   * when called), the newest `limit` of them oldest first, and how many matched in all (counted
   * only when the limit was reached). The caller resumes from `upTo`, so lines that match nothing
   * are never scanned twice.
   */
  tail(filter: LogFilter, afterId: number, limit: number): { lines: LogEntry[]; matched: number; upTo: number } {
    const upTo = (this.maxIdStmt.get() as { m: number | null }).m ?? 0;
    if (upTo <= afterId) return { lines: [], matched: 0, upTo: afterId };
    const { where, params } = this.where(filter);
    const sql = `SELECT l.* FROM log_entries l WHERE ${where} AND l.id > ? AND l.id <= ? ORDER BY l.id DESC LIMIT ?`;
    const all = [...params, afterId, upTo, limit];
    const rows = timed(this.db, this.slow, 'logs.tail', sql, all, () => this.db.prepare(sql).all(...all) as LogRow[]);
    let matched = rows.length;
    if (rows.length === limit) {
      const countSql = `SELECT count(*) AS n FROM log_entries l WHERE ${where} AND l.id > ? AND l.id <= ?`;
      const countParams = [...params, afterId, upTo];
      matched = timed(this.db, this.slow, 'logs.tail.count', countSql, countParams, () => (this.db.prepare(countSql).get(...countParams) as { n: number }).n);
    }
    return { lines: rows.reverse().map(toEntry), matched, upTo };
  }

  /**
   * How many lines match, counting no further than `cap`. Only cheap without full-text terms
   * (an index scan); callers decide when to ask.
   */
  countUpTo(filter: LogFilter, cap: number): number {
    const { where, params } = this.where(filter);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM log_entries l WHERE ${where} LIMIT ?)`;
    const all = [...params, cap];
    return timed(this.db, this.slow, 'logs.countUpTo', sql, all, () => (this.db.prepare(sql).get(...all) as { n: number }).n);
  }
}
