import type { Database, Statement } from 'better-sqlite3';
import type { Dashboard, DashboardList, Panel } from '../../../shared/api/schemas/dashboards';

interface DashboardRow {
  id: number;
  name: string;
  description: string;
  panels: string;
  created_at: number;
  updated_at: number;
}

const toDashboard = (row: DashboardRow): Dashboard => ({ ...row, panels: JSON.parse(row.panels) as Panel[] });

export interface DashboardFields {
  name: string;
  description: string;
  panels: readonly Panel[];
}

/** Saved dashboards (unique by name) and the aggregates the overview dashboard draws. */
export class DashboardsRepo {
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO dashboards (name, description, panels, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *`,
    );
    this.updateStmt = db.prepare(
      `UPDATE dashboards SET name = ?, description = ?, panels = ?, updated_at = ? WHERE id = ? RETURNING *`,
    );
  }

  /** The id of the dashboard holding `name`, if any (names are unique). */
  idByName(name: string): number | null {
    const row = this.db.prepare('SELECT id FROM dashboards WHERE name = ?').get(name) as { id: number } | undefined;
    return row?.id ?? null;
  }

  create(d: DashboardFields, now: number): Dashboard {
    return toDashboard(this.insertStmt.get(d.name, d.description, JSON.stringify(d.panels), now, now) as DashboardRow);
  }

  /** Replace a dashboard whole; null when it does not exist (any more). */
  update(id: number, d: DashboardFields, now: number): Dashboard | null {
    const row = this.updateStmt.get(d.name, d.description, JSON.stringify(d.panels), now, id) as DashboardRow | undefined;
    return row ? toDashboard(row) : null;
  }

  get(id: number): Dashboard | null {
    const row = this.db.prepare('SELECT * FROM dashboards WHERE id = ?').get(id) as DashboardRow | undefined;
    return row ? toDashboard(row) : null;
  }

  list(): DashboardList['items'] {
    return this.db
      .prepare(
        `SELECT id, name, description, json_array_length(panels) AS panel_count, updated_at FROM dashboards ORDER BY name COLLATE NOCASE, id`,
      )
      .all() as DashboardList['items'];
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM dashboards WHERE id = ?').run(id).changes > 0;
  }

  /**
   * ERROR-and-above lines per bucket for each spacecraft, over [from, to): the overview's error
   * rate chart. Driven by the (level, timestamp) index, so it only reads the error lines.
   */
  errorBuckets(from: number, to: number, bucketMs: number): { spacecraft_id: string; bucket: number; count: number }[] {
    // better-sqlite3 binds JS numbers as REAL: cast, or the division is fractional.
    const rows = this.db
      .prepare(
        `SELECT spacecraft_id, (timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, count(*) AS count
         FROM log_entries
         WHERE level IN ('ERROR', 'CRITICAL') AND timestamp >= ? AND timestamp < ? AND spacecraft_id IS NOT NULL
         GROUP BY spacecraft_id, b ORDER BY spacecraft_id, b`,
      )
      .all(from, bucketMs, from, to) as { spacecraft_id: string; b: number; count: number }[];
    return rows.map((r) => ({ spacecraft_id: r.spacecraft_id, bucket: from + r.b * bucketMs, count: r.count }));
  }
}
