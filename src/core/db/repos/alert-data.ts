import type { Database } from 'better-sqlite3';

/** Reads the alert kinds need that the general metric repo does not offer. */
export class AlertDataRepo {
  constructor(private readonly db: Database) {}

  /** Oldest and newest sample of a metric in [from, to], or null when there is none. */
  metricFirstLast(name: string, from: number, to: number): { first: [number, number]; last: [number, number] } | null {
    const q = (order: 'ASC' | 'DESC') =>
      this.db
        .prepare(
          `SELECT p.ts AS timestamp, p.value FROM metric_series s JOIN metric_samples p ON p.series_id = s.id
           WHERE s.name = ? AND p.ts BETWEEN ? AND ? ORDER BY p.ts ${order} LIMIT 1`,
        )
        .get(name, from, to) as { timestamp: number; value: number } | undefined;
    const first = q('ASC');
    const last = q('DESC');
    return first && last ? { first: [first.timestamp, first.value], last: [last.timestamp, last.value] } : null;
  }

  /** Time of the newest sample of a metric at or before `to`. */
  metricLastSeen(name: string, to: number): number | null {
    const row = this.db
      .prepare('SELECT max(p.ts) AS t FROM metric_series s JOIN metric_samples p ON p.series_id = s.id WHERE s.name = ? AND p.ts <= ?')
      .get(name, to) as { t: number | null };
    return row.t;
  }
}
