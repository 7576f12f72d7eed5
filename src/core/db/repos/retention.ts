import type { Database, Statement } from 'better-sqlite3';
import type { LogLevel } from '../../../shared/api/schemas/logs';
import type { RetentionPolicy } from '../../../shared/api/schemas/retention';
import { policyFrom } from '../../retention/policy';
import type { LogKey, RawLogRow } from './logs';

/** Totals the retention job keeps across restarts (settings key 'retention.stats'). */
export interface RetentionTotals {
  archived_total: number;
  deleted_total: number;
  last_run_at: number | null;
  last_run_deleted: number;
}

const POLICY_KEY = 'retention.policy';
const STATS_KEY = 'retention.stats';
const NO_TOTALS: RetentionTotals = { archived_total: 0, deleted_total: 0, last_run_at: null, last_run_deleted: 0 };

/**
 * Retention's SQL: its settings, the expired lines of one level, and deleting lines by id.
 * Reads run on the caller's connection; `deleteLogs` is meant for the writer's.
 */
export class RetentionRepo {
  private readonly getStmt: Statement;
  private readonly putStmt: Statement;
  private readonly expiredStmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.putStmt = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    // Walks the (level, timestamp) index, whose tail is the rowid: (timestamp, id) order needs no
    // sort, and a batch reads ~limit entries however many lines have expired. ORDER BY id alone
    // would sort every expired line of the level for each batch (EXPLAIN test in retention tests).
    this.expiredStmt = db.prepare(
      `SELECT * FROM log_entries
       WHERE level = ? AND timestamp >= ? AND timestamp < ? AND (timestamp > ? OR id > ?)
       ORDER BY timestamp, id LIMIT ?`,
    );
    // The FTS delete trigger runs per row, in this same transaction: search never sees a gap.
    this.deleteStmt = db.prepare('DELETE FROM log_entries WHERE id IN (SELECT value FROM json_each(?))');
  }

  policy(): RetentionPolicy {
    return policyFrom(this.readJson(POLICY_KEY));
  }

  savePolicy(policy: RetentionPolicy): void {
    this.putStmt.run(POLICY_KEY, JSON.stringify(policy));
  }

  totals(): RetentionTotals {
    const stored = this.readJson(STATS_KEY);
    const out = { ...NO_TOTALS };
    if (typeof stored !== 'object' || stored === null) return out;
    const s = stored as Record<string, unknown>;
    for (const k of ['archived_total', 'deleted_total', 'last_run_deleted'] as const) if (Number.isSafeInteger(s[k])) out[k] = s[k] as number;
    if (Number.isSafeInteger(s.last_run_at)) out.last_run_at = s.last_run_at as number;
    return out;
  }

  saveTotals(totals: RetentionTotals): void {
    this.putStmt.run(STATS_KEY, JSON.stringify(totals));
  }

  /** Up to `limit` lines of `level` stamped before `before`, after `after` in (timestamp, id) order, oldest first. */
  expiredBatch(level: LogLevel, before: number, after: LogKey | null, limit: number): RawLogRow[] {
    const from = after ?? { timestamp: Number.MIN_SAFE_INTEGER, id: 0 };
    return this.expiredStmt.all(level, from.timestamp, before, from.timestamp, from.id, limit) as RawLogRow[];
  }

  /** Delete lines by id in one short transaction; returns how many were deleted. */
  deleteLogs(ids: readonly number[]): number {
    if (ids.length === 0) return 0;
    return this.db.transaction(() => this.deleteStmt.run(JSON.stringify(ids)).changes).immediate();
  }

  private readJson(key: string): unknown {
    const text = this.getStmt.get(key) as string | undefined;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
}
