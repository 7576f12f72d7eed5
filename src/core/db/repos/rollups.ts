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

/** What a query reads of each bucket: its last point; plus min/max/sum/count; or plus the sketch (quantiles). */
export type RollupNeed = 'points' | 'stats' | 'sketch';
export interface RollupColumns {
  ts: number[];
  values: number[];
  agg?: { min: number[]; max: number[]; sum: number[]; count: number[] };
  sketch?: (Uint8Array | null)[];
}

function decode(r: StoredRow): RollupRow {
  return { ...r, sketch: r.sketch ? decodeSketch(r.sketch) : null };
}

const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;
const emptyRow = (bucket: number): RollupRow => ({ bucket, min: 0, max: 0, sum: 0, count: 0, last: 0, last_ts: -Infinity, sketch: null });
/** Samples and buckets read per rebuild transaction (about one ingest commit's lock time). */
const TX_READS = 20_000;
/** Bucket rows per multi-row insert (10 parameters each). */
const PUT_RUN = 16;

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
  private readonly putRunStmt: Statement;
  private readonly isDirtyStmt: Statement;
  private readonly takeStmt: Statement;
  private readonly clearStmt: Statement;
  private readonly rawStmt: Statement;
  /** Per kind of read: only the columns it uses (a sketch blob per row costs more than the rest). */
  private readonly columnStmts: Record<RollupNeed, Statement>;
  private readonly dirtyInStmt: Statement;
  private readonly rangeRowsStmt: Statement;
  private readonly densityManyStmt: Statement;
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
    this.putRunStmt = db.prepare(
      `INSERT OR REPLACE INTO metric_rollups (series_id, resolution, bucket, min, max, sum, count, last, last_ts, sketch)
       VALUES ${new Array(PUT_RUN).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
    this.isDirtyStmt = db.prepare('SELECT 1 FROM metric_rollup_dirty WHERE series_id = ? AND from_ts <= ? AND to_ts >= ?');
    this.takeStmt = db.prepare('SELECT series_id, from_ts, to_ts FROM metric_rollup_dirty ORDER BY series_id LIMIT 100');
    this.clearStmt = db.prepare('DELETE FROM metric_rollup_dirty WHERE series_id = ?');
    this.rawStmt = db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts').raw(true);
    const cols = (c: string) => db.prepare(`SELECT ${c} FROM metric_rollups WHERE series_id = ? AND resolution = ? AND bucket BETWEEN ? AND ? ORDER BY bucket`).raw(true);
    this.columnStmts = { points: cols('last_ts, last'), stats: cols('last_ts, last, min, max, sum, count'), sketch: cols('last_ts, last, sketch') };
    this.dirtyInStmt = db.prepare('SELECT series_id FROM metric_rollup_dirty WHERE from_ts <= ? AND to_ts >= ?').pluck(true);
    this.rangeRowsStmt = db.prepare(
      'SELECT bucket, min, max, sum, count, last, last_ts, sketch FROM metric_rollups WHERE series_id = ? AND resolution = ? AND bucket BETWEEN ? AND ? ORDER BY bucket',
    );
    this.densityManyStmt = db
      .prepare('SELECT series_id, sum(count), count(*) FROM metric_rollups WHERE series_id IN (SELECT value FROM json_each(?)) AND resolution = 86400000 AND bucket BETWEEN ? AND ? GROUP BY series_id')
      .raw(true);
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
   * Rebuild dirty series until about `budget` raw samples and buckets were read. Series go
   * in groups, one transaction per ~TX_READS reads: a transaction per series cost more in
   * commits than the rebuild itself, while a group still holds the write lock only about as
   * long as one ingest commit. Returns how many series remain dirty.
   */
  rebuild(budget = 200_000): number {
    let read = 0;
    while (read < budget) {
      const rows = this.takeStmt.all() as { series_id: number; from_ts: number; to_ts: number }[];
      if (rows.length === 0) return 0;
      let next = 0;
      while (next < rows.length && read < budget) {
        read += this.db.transaction(() => {
          let inTx = 0;
          while (next < rows.length && inTx < TX_READS) {
            const d = rows[next++]!;
            inTx += this.rebuildSeries(d.series_id, d.from_ts, d.to_ts);
          }
          return inTx;
        })();
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
    let finer = new Map<number, RollupRow>();
    // Rows as arrays, read at once: no object and no native round trip per sample.
    for (const [ts, value] of this.rawStmt.all(seriesId, mFrom, mTo) as [number, number][]) {
      read++;
      const b = floorTo(ts, minute.ms);
      let row = finer.get(b);
      if (!row) finer.set(b, (row = emptyRow(b)));
      merge(row, { bucket: b, min: value, max: value, sum: value, count: 1, last: value, last_ts: ts, sketch: null });
    }
    this.replace(seriesId, minute.ms, mFrom, mTo, finer);
    // 1 h from the minutes, 1 d from the hours. The finer buckets just rebuilt are still in
    // memory (in bucket order): only those around them, in the same coarse buckets, are read
    // back from the store, and everything is merged in bucket order as a full read would.
    let fFrom = mFrom;
    let fTo = mTo;
    for (const [f, coarser] of [
      [minute, hour],
      [hour, day],
    ] as const) {
      const cFrom = floorTo(from, coarser.ms);
      const cTo = floorTo(to, coarser.ms) + coarser.ms;
      const out = new Map<number, RollupRow>();
      const add = (r: RollupRow) => {
        read++;
        const b = floorTo(r.bucket, coarser.ms);
        let row = out.get(b);
        if (!row) out.set(b, (row = emptyRow(b)));
        merge(row, r);
      };
      if (cFrom < fFrom) this.range(seriesId, f.ms, cFrom, fFrom - 1).forEach(add);
      finer.forEach(add);
      if (fTo < cTo) this.range(seriesId, f.ms, fTo, cTo - 1).forEach(add);
      this.replace(seriesId, coarser.ms, cFrom, cTo, out);
      finer = out;
      fFrom = cFrom;
      fTo = cTo;
    }
    return read;
  }

  private replace(seriesId: number, res: number, from: number, to: number, buckets: Map<number, RollupRow>): void {
    this.deleteRangeStmt.run(seriesId, res, from, to);
    // PUT_RUN rows per statement: one statement per row cost more than the B-tree work.
    const params: unknown[] = [];
    for (const r of buckets.values()) {
      params.push(seriesId, res, r.bucket, r.min, r.max, r.sum, r.count, r.last, r.last_ts, r.sketch ? encodeSketch(r.sketch) : null);
      if (params.length === PUT_RUN * 10) {
        this.putRunStmt.run(params);
        params.length = 0;
      }
    }
    for (let i = 0; i < params.length; i += 10) this.putStmt.run(params.slice(i, i + 10));
  }

  /** Buckets of one series and resolution whose start is in [from, to]. */
  range(seriesId: number, resMs: number, from: number, to: number): RollupRow[] {
    const rows = this.rangeRowsStmt.all(seriesId, resMs, from, to) as StoredRow[];
    return rows.map(decode);
  }

  /** Of these series, those whose rollups over [from, to] still wait for a rebuild. */
  dirtyAmong(ids: readonly number[], from: number, to: number): Set<number> {
    // The dirty table holds at most one row per series: for many series one scan of it is
    // cheaper than a lookup each.
    if (ids.length > 32) return new Set(this.dirtyInStmt.all(to, from) as number[]);
    return new Set(ids.filter((id) => this.isDirty(id, from, to)));
  }

  /**
   * The same buckets as parallel arrays, for queries: each bucket as a point at its last
   * sample's time, with only the statistics `need` asks for. Rows as arrays, read at once.
   */
  columns(seriesId: number, resMs: number, from: number, to: number, need: RollupNeed = 'sketch'): RollupColumns {
    const rows = this.columnStmts[need].all(seriesId, resMs, from, to) as [number, number, number, number, number, number, Uint8Array | null][];
    const n = rows.length;
    const ts = new Array<number>(n);
    const values = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      ts[i] = r[0];
      values[i] = r[1];
    }
    if (need === 'points') return { ts, values };
    if (need === 'sketch') return { ts, values, sketch: rows.map((r) => r[2] as unknown as Uint8Array | null) };
    const agg: NonNullable<RollupColumns['agg']> = { min: new Array<number>(n), max: new Array<number>(n), sum: new Array<number>(n), count: new Array<number>(n) };
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      agg.min[i] = r[2];
      agg.max[i] = r[3];
      agg.sum[i] = r[4];
      agg.count[i] = r[5];
    }
    return { ts, values, agg };
  }

  /**
   * Per series, the samples per bucket of `resMs` it had in [from, to], from its daily rollups
   * (absent: none). One statement for all of them, not one per series.
   */
  perBucketMany(ids: readonly number[], resMs: number, from: number, to: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const [id, n, days] of this.densityManyStmt.all(JSON.stringify(ids), floorTo(from, 86_400_000), to) as [number, number | null, number][]) {
      out.set(id, n ? n / days / (86_400_000 / resMs) : 0);
    }
    return out;
  }

  /** Retention: delete buckets of one resolution that start before `before`. */
  deleteBefore(resMs: number, before: number): number {
    return this.db.prepare('DELETE FROM metric_rollups WHERE resolution = ? AND bucket < ?').run(resMs, before).changes;
  }
}
