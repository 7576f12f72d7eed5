import type { Database, Statement } from 'better-sqlite3';
import type { LogEntry, LogLevel } from '../../../shared/api/schemas/logs';
import { buildLogWhere, type LogFilter } from '../../query/log-filter';
import { timed, type SlowQueryLogger } from '../slow-query';

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

export class LogsRepo {
  private readonly insertStmt: Statement;
  private readonly maxIdStmt: Statement;
  private readonly indexStmt: Statement;

  constructor(private readonly db: Database, private readonly slow?: SlowQueryLogger) {
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

  search(filter: LogFilter, after: { timestamp: number; id: number } | null, limit: number): LogEntry[] {
    const { where, params } = buildLogWhere(filter);
    const page = after ? ' AND (l.timestamp < ? OR (l.timestamp = ? AND l.id < ?))' : '';
    const sql = `SELECT l.* FROM log_entries l WHERE ${where}${page} ORDER BY l.timestamp DESC, l.id DESC LIMIT ?`;
    const all = [...params, ...(after ? [after.timestamp, after.timestamp, after.id] : []), limit];
    const rows = timed(this.db, this.slow, 'logs.search', sql, all, () => this.db.prepare(sql).all(...all) as LogRow[]);
    return rows.map(toEntry);
  }

  count(filter: LogFilter): number {
    const { where, params } = buildLogWhere(filter);
    const sql = `SELECT count(*) AS n FROM log_entries l WHERE ${where}`;
    return timed(this.db, this.slow, 'logs.count', sql, params, () => (this.db.prepare(sql).get(...params) as { n: number }).n);
  }

  /** Counts per value of one column, most frequent first. */
  countBy(column: GroupColumn, filter: LogFilter, limit: number): { value: string; count: number }[] {
    const { where, params } = buildLogWhere(filter);
    const sql = `SELECT l.${column} AS value, count(*) AS count FROM log_entries l
                 WHERE ${where} AND l.${column} IS NOT NULL GROUP BY l.${column} ORDER BY count DESC, value LIMIT ?`;
    const all = [...params, limit];
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
    const sql = `SELECT (timestamp - ?) / ? AS b, ${groupBy} AS name, count(*) AS count
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
}
