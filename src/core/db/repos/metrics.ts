import type { Database, Statement } from 'better-sqlite3';

export interface MetricSample {
  metric_name: string;
  value: number;
  unit: string | null;
  timestamp: number;
  source_system: string | null;
  tags: string | null;
}

export type Aggregate = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last';

export class MetricsRepo {
  private readonly insertStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO system_metrics (metric_name, value, unit, timestamp, source_system, tags)
       VALUES (@metric_name, @value, @unit, @timestamp, @source_system, @tags)`,
    );
  }

  /** Insert within the caller's transaction. */
  insert(sample: MetricSample): void {
    this.insertStmt.run(sample);
  }

  insertMany(samples: MetricSample[]): void {
    this.db.transaction(() => samples.forEach((s) => this.insertStmt.run(s)))();
  }

  series(name: string, from: number, to: number, sourceSystem: string | undefined, limit: number): { points: [number, number][]; unit: string | null } {
    const bySource = sourceSystem === undefined ? '' : ' AND source_system = ?';
    const params: unknown[] = [name, from, to, ...(sourceSystem === undefined ? [] : [sourceSystem]), limit];
    // Newest `limit` samples, returned oldest first for charting.
    const rows = this.db
      .prepare(
        `SELECT timestamp, value, unit FROM system_metrics WHERE metric_name = ? AND timestamp BETWEEN ? AND ?${bySource}
         ORDER BY timestamp DESC LIMIT ?`,
      )
      .all(...params) as { timestamp: number; value: number; unit: string | null }[];
    rows.reverse();
    return { points: rows.map((r) => [r.timestamp, r.value]), unit: rows[0]?.unit ?? null };
  }

  /** One number summarising a metric over [from, to], or null when there is no sample. */
  aggregate(name: string, fn: Aggregate, from: number, to: number): number | null {
    if (fn === 'last') {
      const row = this.db
        .prepare('SELECT value FROM system_metrics WHERE metric_name = ? AND timestamp BETWEEN ? AND ? ORDER BY timestamp DESC LIMIT 1')
        .get(name, from, to) as { value: number } | undefined;
      return row ? row.value : null;
    }
    const row = this.db
      .prepare(`SELECT ${fn}(value) AS v, count(*) AS n FROM system_metrics WHERE metric_name = ? AND timestamp BETWEEN ? AND ?`)
      .get(name, from, to) as { v: number | null; n: number };
    return row.n === 0 ? null : row.v;
  }
}
