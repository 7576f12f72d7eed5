import type { Database } from 'better-sqlite3';

export const SLOW_QUERY_MS = 40;

export type SlowQueryLogger = (info: { label: string; ms: number; sql: string; plan: string[] }) => void;

/**
 * Run a read and report it with its text and plan when it takes longer than 40 ms, so slow
 * paths show up in the station log from the first day rather than in a user's complaint.
 */
export function timed<T>(
  db: Database,
  log: SlowQueryLogger | undefined,
  label: string,
  sql: string,
  params: unknown[],
  run: () => T,
): T {
  const started = performance.now();
  const result = run();
  const ms = performance.now() - started;
  if (ms > SLOW_QUERY_MS && log) {
    let plan: string[] = [];
    try {
      plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    } catch {
      plan = ['(plan unavailable)'];
    }
    log({ label, ms: Math.round(ms), sql, plan });
  }
  return result;
}
