/**
 * Metric samples, stored by series (see metric-series.ts) with rollups kept in step (rollups.ts).
 * The writer calls beginBatch / insert… / finishBatch inside one transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import { MetricSeriesRepo } from './metric-series';
import { RollupsRepo } from './rollups';

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
  readonly seriesRepo: MetricSeriesRepo;
  readonly rollups: RollupsRepo;
  private readonly insertStmt: Statement;
  private readonly samplesStmt: Statement;
  /** Per series, the time range this commit touched (its rollups are rebuilt later). */
  private touched = new Map<number, [number, number]>();

  constructor(private readonly db: Database) {
    this.seriesRepo = new MetricSeriesRepo(db);
    this.rollups = new RollupsRepo(db);
    // A second sample at the same instant of a series is dropped, as Prometheus does
    // ("duplicate sample"); rollups only count samples actually stored.
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?)');
    this.samplesStmt = db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts').raw(true);
  }

  beginBatch(): void {
    this.touched.clear();
  }

  /** Insert within the caller's transaction (between beginBatch and finishBatch). */
  insert(sample: MetricSample): void {
    const id = this.seriesRepo.resolve(sample.metric_name, sample.tags, sample.source_system, sample.unit);
    if (this.insertStmt.run(id, sample.timestamp, sample.value).changes) {
      const t = this.touched.get(id);
      if (!t) this.touched.set(id, [sample.timestamp, sample.timestamp]);
      else if (sample.timestamp < t[0]) t[0] = sample.timestamp;
      else if (sample.timestamp > t[1]) t[1] = sample.timestamp;
    }
  }

  finishBatch(): void {
    for (const [id, [from, to]] of this.touched) this.rollups.markDirty(id, from, to);
    this.touched.clear();
  }

  /** The transaction failed: forget series ids it created. */
  abortBatch(): void {
    this.touched.clear();
    this.seriesRepo.forget();
  }

  insertMany(samples: MetricSample[]): void {
    try {
      this.db.transaction(() => {
        this.beginBatch();
        samples.forEach((s) => this.insert(s));
        this.finishBatch();
      })();
    } catch (e) {
      this.abortBatch();
      throw e;
    }
  }

  /** Samples of one series in [from, to], oldest first, as parallel arrays. */
  samples(seriesId: number, from: number, to: number): { ts: number[]; values: number[] } {
    const ts: number[] = [];
    const values: number[] = [];
    // Rows as arrays (raw mode): no object per sample on the hot read path.
    for (const r of this.samplesStmt.iterate(seriesId, from, to) as IterableIterator<[number, number]>) {
      ts.push(r[0]);
      values.push(r[1]);
    }
    return { ts, values };
  }

  series(name: string, from: number, to: number, sourceSystem: string | undefined, limit: number): { points: [number, number][]; unit: string | null } {
    const bySource = sourceSystem === undefined ? '' : ' AND s.source = ?';
    const params: unknown[] = [name, ...(sourceSystem === undefined ? [] : [sourceSystem]), from, to, limit];
    // Newest `limit` samples, returned oldest first for charting.
    const rows = this.db
      .prepare(
        `SELECT p.ts AS timestamp, p.value, s.unit FROM metric_series s JOIN metric_samples p ON p.series_id = s.id
         WHERE s.name = ?${bySource} AND p.ts BETWEEN ? AND ? ORDER BY p.ts DESC LIMIT ?`,
      )
      .all(...params) as { timestamp: number; value: number; unit: string | null }[];
    rows.reverse();
    return { points: rows.map((r) => [r.timestamp, r.value]), unit: rows[0]?.unit ?? null };
  }

  /** One number summarising a metric over [from, to], or null when there is no sample. */
  aggregate(name: string, fn: Aggregate, from: number, to: number): number | null {
    const from_ = 'FROM metric_series s JOIN metric_samples p ON p.series_id = s.id WHERE s.name = ? AND p.ts BETWEEN ? AND ?';
    if (fn === 'last') {
      const row = this.db.prepare(`SELECT p.value ${from_} ORDER BY p.ts DESC LIMIT 1`).get(name, from, to) as { value: number } | undefined;
      return row ? row.value : null;
    }
    const row = this.db.prepare(`SELECT ${fn}(p.value) AS v, count(*) AS n ${from_}`).get(name, from, to) as { v: number | null; n: number };
    return row.n === 0 ? null : row.v;
  }

  /** The stored metric retention ages (settings key 'metrics.retention'), or null. */
  retentionPolicy(): Record<string, string> | null {
    const v = this.db.prepare("SELECT value FROM settings WHERE key = 'metrics.retention'").pluck().get() as string | undefined;
    return v === undefined ? null : (JSON.parse(v) as Record<string, string>);
  }

  saveRetentionPolicy(policy: Record<string, string>): void {
    this.db
      .prepare("INSERT INTO settings (key, value) VALUES ('metrics.retention', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(policy));
  }

  /** Retention of raw samples: delete those older than `before`, series by series. */
  deleteSamplesBefore(before: number): number {
    // Each series its own statement (autocommit): the writer never waits long for the lock.
    const del = this.db.prepare('DELETE FROM metric_samples WHERE series_id = ? AND ts < ?');
    let n = 0;
    for (const { id } of this.db.prepare('SELECT id FROM metric_series').all() as { id: number }[]) n += del.run(id, before).changes;
    return n;
  }
}
