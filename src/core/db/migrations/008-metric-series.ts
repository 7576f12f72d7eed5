import { canonicalTags } from '../repos/metric-series';
import type { Migration } from './types';

/**
 * Metric store by series: `metric_series` (name + canonical labels → id), `metric_samples`
 * keyed by (series_id, ts) WITHOUT ROWID so a range query reads one contiguous run of the
 * primary key, and `metric_rollups` (1 m / 1 h / 1 d per series). Rows of the old flat
 * `system_metrics` table move over; a view of that name keeps read-only callers working.
 */
export const m008MetricSeries: Migration = {
  version: 8,
  name: 'metric-series',
  up(db) {
    db.exec(`
      CREATE TABLE metric_series (
        id     INTEGER PRIMARY KEY,
        name   TEXT NOT NULL,
        tags   TEXT NOT NULL,
        source TEXT NOT NULL,
        labels TEXT NOT NULL,
        unit   TEXT,
        type   TEXT
      ) STRICT;
      CREATE UNIQUE INDEX metric_series_identity ON metric_series (name, tags, source);

      CREATE TABLE metric_samples (
        series_id INTEGER NOT NULL,
        ts        INTEGER NOT NULL,
        value     REAL NOT NULL,
        PRIMARY KEY (series_id, ts)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE metric_rollups (
        series_id  INTEGER NOT NULL,
        resolution INTEGER NOT NULL,
        bucket     INTEGER NOT NULL,
        min        REAL NOT NULL,
        max        REAL NOT NULL,
        sum        REAL NOT NULL,
        count      INTEGER NOT NULL,
        last       REAL NOT NULL,
        last_ts    INTEGER NOT NULL,
        sketch     BLOB,
        PRIMARY KEY (series_id, resolution, bucket)
      ) STRICT, WITHOUT ROWID;

      -- Per series, the sample time range whose rollups wait for a rebuild.
      CREATE TABLE metric_rollup_dirty (
        series_id INTEGER PRIMARY KEY,
        from_ts   INTEGER NOT NULL,
        to_ts     INTEGER NOT NULL
      ) STRICT;
    `);
    // Old rows: series created in JS with the same canonical form the writer uses.
    const ids = new Map<string, number>();
    const insertSeries = db.prepare('INSERT OR IGNORE INTO metric_series (name, tags, source, labels, unit, type) VALUES (?, ?, ?, ?, ?, ?)');
    const findSeries = db.prepare('SELECT id FROM metric_series WHERE name = ? AND tags = ? AND source = ?');
    const insertSample = db.prepare('INSERT OR IGNORE INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?)');
    type OldRow = { id: number; metric_name: string; value: number; unit: string | null; timestamp: number; source_system: string | null; tags: string | null };
    // Read in pages: better-sqlite3 cannot write while a statement is still iterating.
    const page = db.prepare('SELECT id, metric_name, value, unit, timestamp, source_system, tags FROM system_metrics WHERE id > ? ORDER BY id LIMIT 10000');
    let after = 0;
    for (let rows = page.all(after) as OldRow[]; rows.length; rows = page.all(after) as OldRow[]) {
      after = (rows[rows.length - 1] as OldRow).id;
      for (const r of rows) {
        const key = `${r.metric_name}\0${r.tags ?? ''}\0${r.source_system ?? ''}`;
        let id = ids.get(key);
        if (id === undefined) {
          const c = canonicalTags(r.tags);
          insertSeries.run(r.metric_name, c.key, r.source_system ?? '', JSON.stringify(c.labels), r.unit, c.type);
          id = (findSeries.get(r.metric_name, c.key, r.source_system ?? '') as { id: number }).id;
          ids.set(key, id);
        }
        insertSample.run(id, r.timestamp, r.value);
      }
    }
    // The writer builds their rollups after start, like any newly ingested samples.
    db.exec(`
      INSERT INTO metric_rollup_dirty (series_id, from_ts, to_ts) SELECT series_id, min(ts), max(ts) FROM metric_samples GROUP BY series_id;
      DROP TABLE system_metrics;
      CREATE VIEW system_metrics (id, metric_name, value, unit, timestamp, source_system, tags) AS
        SELECT row_number() OVER (ORDER BY p.ts, p.series_id), s.name, p.value, s.unit, p.ts, nullif(s.source, ''), nullif(s.tags, '')
        FROM metric_samples p JOIN metric_series s ON s.id = p.series_id;
    `);
  },
};
