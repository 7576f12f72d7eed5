/**
 * Rollups at 1 m, 1 h and 1 d per series: min, max, sum, count, the last value (and its time)
 * and a quantile sketch. Ingest only marks the time range of each series it touched as dirty
 * (one row per series per commit, so rollups cost ingest almost nothing); `rebuild` then, on the
 * writer's connection between commits, recomputes the dirty 1 m buckets from the raw samples,
 * the 1 h buckets from those, and the 1 d buckets from the hours. Recomputing (never adding)
 * makes it exact for late, back-filled and duplicate samples, and safe to repeat after a crash.
 * Until a series is rebuilt, queries read its raw samples instead (MetricsRepo.isDirty).
 */
import type { Database, Statement } from 'better-sqlite3';
import { decodeSketch, encodeSketch, sketchAdd, sketchMerge, type Sketch } from '../../query/metrics/sketch';

export const RESOLUTIONS = [
  { name: '1m', ms: 60_000 },
  { name: '1h', ms: 3_600_000 },
  { name: '1d', ms: 86_400_000 },
] as const;
export type RollupResolution = (typeof RESOLUTIONS)[number]['name'];

export interface RollupRow {
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  last_ts: number;
  /** null when the bucket holds one sample (its value is `last`). */
  sketch: Sketch | null;
}

type StoredRow = Omit<RollupRow, 'sketch'> & { sketch: Uint8Array | null };

function decode(r: StoredRow): RollupRow {
  return { ...r, sketch: r.sketch ? decodeSketch(r.sketch) : null };
}

const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;

/** Fold one bucket (or sample, as a bucket of one) into another. */
function merge(into: RollupRow, from: RollupRow): void {
  if (into.count > 0 && !into.sketch) {
    into.sketch = new Map();
    sketchAdd(into.sketch, into.min);
  }
  if (into.count === 0) {
    into.sketch = from.sketch ? new Map(from.sketch) : null;
  } else if (into.sketch) {
    if (from.sketch) sketchMerge(into.sketch, from.sketch);
    else sketchAdd(into.sketch, from.min);
  }
  into.min = into.count ? Math.min(into.min, from.min) : from.min;
  into.max = into.count ? Math.max(into.max, from.max) : from.max;
  into.sum += from.sum;
  into.count += from.count;
  if (from.last_ts >= into.last_ts) {
    into.last = from.last;
    into.last_ts = from.last_ts;
  }
}

export class RollupsRepo {
  private readonly dirtyStmt: Statement;
  private readonly putStmt: Statement;
  private readonly isDirtyStmt: Statement;
  private readonly takeStmt: Statement;
  private readonly clearStmt: Statement;
  private readonly rawStmt: Statement;
  private readonly rangeStmt: Statement;
  private readonly rangeRowsStmt: Statement;
  private readonly densityStmt: Statement;
  private readonly deleteRangeStmt: Statement;

  constructor(private readonly db: Database) {
    this.dirtyStmt = db.prepare(
      `INSERT INTO metric_rollup_dirty (series_id, from_ts, to_ts) VALUES (?, ?, ?)
       ON CONFLICT (series_id) DO UPDATE SET from_ts = min(from_ts, excluded.from_ts), to_ts = max(to_ts, excluded.to_ts)`,
    );
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO metric_rollups (series_id, resolution, bucket, min, max, sum, count, last, last_ts, sketch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.isDirtyStmt = db.prepare('SELECT 1 FROM metric_rollup_dirty WHERE series_id = ? AND from_ts <= ? AND to_ts >= ?');
    this.takeStmt = db.prepare('SELECT series_id, from_ts, to_ts FROM metric_rollup_dirty ORDER BY series_id LIMIT 100');
    this.clearStmt = db.prepare('DELETE FROM metric_rollup_dirty WHERE series_id = ?');
    this.rawStmt = db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts');
    this.rangeStmt = db
      .prepare('SELECT bucket, min, max, sum, count, last, last_ts, sketch FROM metric_rollups WHERE series_id = ? AND resolution = ? AND bucket BETWEEN ? AND ? ORDER BY bucket')
      .raw(true);
    this.rangeRowsStmt = db.prepare(
      'SELECT bucket, min, max, sum, count, last, last_ts, sketch FROM metric_rollups WHERE series_id = ? AND resolution = ? AND bucket BETWEEN ? AND ? ORDER BY bucket',
    );
    this.densityStmt = db.prepare('SELECT sum(count) AS n, count(*) AS days FROM metric_rollups WHERE series_id = ? AND resolution = 86400000 AND bucket BETWEEN ? AND ?');
    this.deleteRangeStmt = db.prepare('DELETE FROM metric_rollups WHERE series_id = ? AND resolution = ? AND bucket >= ? AND bucket < ?');
  }

  /** Samples in [from, to] of this series changed (inside the ingest transaction). */
  markDirty(seriesId: number, from: number, to: number): void {
    this.dirtyStmt.run(seriesId, from, to);
  }

  /** Whether the rollups of a series over [from, to] still wait for a rebuild. */
  isDirty(seriesId: number, from: number, to: number): boolean {
    return this.isDirtyStmt.get(seriesId, to, from) !== undefined;
  }

  pending(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM metric_rollup_dirty').get() as { n: number }).n;
  }

  /**
   * Rebuild dirty series until about `budget` raw samples were read, each series in its own
   * short transaction (ingest waits for one at most). Returns how many series remain dirty.
   */
  rebuild(budget = 200_000): number {
    let read = 0;
    while (read < budget) {
      const rows = this.takeStmt.all() as { series_id: number; from_ts: number; to_ts: number }[];
      if (rows.length === 0) return 0;
      for (const d of rows) {
        read += this.db.transaction(() => this.rebuildSeries(d.series_id, d.from_ts, d.to_ts))();
        if (read >= budget) break;
      }
    }
    return this.pending();
  }

  /** Rebuild everything now (tests, tools). */
  rebuildAll(): void {
    while (this.rebuild(1_000_000) > 0);
  }

  private rebuildSeries(seriesId: number, from: number, to: number): number {
    // Only this series' dirty row is consumed; a commit can only land between transactions.
    this.clearStmt.run(seriesId);
    const [minute, hour, day] = RESOLUTIONS;
    let read = 0;
    // 1 m from raw samples.
    const mFrom = floorTo(from, minute.ms);
    const mTo = floorTo(to, minute.ms) + minute.ms;
    const buckets = new Map<number, RollupRow>();
    for (const s of this.rawStmt.iterate(seriesId, mFrom, mTo) as IterableIterator<{ ts: number; value: number }>) {
      read++;
      const b = floorTo(s.ts, minute.ms);
      let row = buckets.get(b);
      if (!row) buckets.set(b, (row = { bucket: b, min: 0, max: 0, sum: 0, count: 0, last: 0, last_ts: -Infinity, sketch: null }));
      merge(row, { bucket: b, min: s.value, max: s.value, sum: s.value, count: 1, last: s.value, last_ts: s.ts, sketch: null });
    }
    this.replace(seriesId, minute.ms, mFrom, mTo, buckets);
    // 1 h from the minutes, 1 d from the hours.
    for (const [finer, coarser] of [
      [minute, hour],
      [hour, day],
    ] as const) {
      const cFrom = floorTo(from, coarser.ms);
      const cTo = floorTo(to, coarser.ms) + coarser.ms;
      const out = new Map<number, RollupRow>();
      for (const r of this.range(seriesId, finer.ms, cFrom, cTo - 1)) {
        read++;
        const b = floorTo(r.bucket, coarser.ms);
        let row = out.get(b);
        if (!row) out.set(b, (row = { bucket: b, min: 0, max: 0, sum: 0, count: 0, last: 0, last_ts: -Infinity, sketch: null }));
        merge(row, r);
      }
      this.replace(seriesId, coarser.ms, cFrom, cTo, out);
    }
    return read;
  }

  private replace(seriesId: number, res: number, from: number, to: number, buckets: Map<number, RollupRow>): void {
    this.deleteRangeStmt.run(seriesId, res, from, to);
    for (const r of buckets.values()) {
      this.putStmt.run(seriesId, res, r.bucket, r.min, r.max, r.sum, r.count, r.last, r.last_ts, r.sketch ? encodeSketch(r.sketch) : null);
    }
  }

  /** Buckets of one series and resolution whose start is in [from, to]. */
  range(seriesId: number, resMs: number, from: number, to: number): RollupRow[] {
    const rows = this.rangeRowsStmt.all(seriesId, resMs, from, to) as StoredRow[];
    return rows.map(decode);
  }

  /**
   * The same buckets as parallel arrays, for queries: each bucket as a point at its last
   * sample's time. Rows as arrays (raw mode), no object per row: this is the hot read path.
   */
  columns(seriesId: number, resMs: number, from: number, to: number): {
    ts: number[];
    values: number[];
    agg: { min: number[]; max: number[]; sum: number[]; count: number[]; sketch: (Uint8Array | null)[] };
  } {
    const d = { ts: [] as number[], values: [] as number[], agg: { min: [] as number[], max: [] as number[], sum: [] as number[], count: [] as number[], sketch: [] as (Uint8Array | null)[] } };
    for (const r of this.rangeStmt.iterate(seriesId, resMs, from, to) as IterableIterator<[number, number, number, number, number, number, number, Uint8Array | null]>) {
      d.agg.min.push(r[1]);
      d.agg.max.push(r[2]);
      d.agg.sum.push(r[3]);
      d.agg.count.push(r[4]);
      d.values.push(r[5]);
      d.ts.push(r[6]);
      d.agg.sketch.push(r[7]);
    }
    return d;
  }

  /** Samples per bucket of `resMs` this series had in [from, to] (from its daily rollups); 0 when none. */
  perBucket(seriesId: number, resMs: number, from: number, to: number): number {
    const r = this.densityStmt.get(seriesId, floorTo(from, 86_400_000), to) as { n: number | null; days: number };
    return r.n ? r.n / r.days / (86_400_000 / resMs) : 0;
  }

  /** Retention: delete buckets of one resolution that start before `before`. */
  deleteBefore(resMs: number, before: number): number {
    return this.db.prepare('DELETE FROM metric_rollups WHERE resolution = ? AND bucket < ?').run(resMs, before).changes;
  }
}
