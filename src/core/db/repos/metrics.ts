/**
 * Metric samples, stored by series (see metric-series.ts) with rollups kept in step (rollups.ts).
 * The writer calls beginBatch / insert… / finishBatch inside one transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import { packSamples, type PackedSamples } from '../../ingest/metric-pack';
import { MetricSeriesRepo } from './metric-series';
import { MetricStagingRepo } from './metric-staging';
import { MetricStepAggregates } from './metric-step-aggregates';
import { RollupsRepo } from './rollups';

export interface MetricSample {
  metric_name: string;
  value: number;
  unit: string | null;
  timestamp: number;
  source_system: string | null;
  tags: string | null;
}

/** Most rows per multi-row insert statement (3 parameters each, far below SQLite's limit). */
const RUN = 64;

/** Relative times back to absolute ones, in an array V8 keeps as unboxed doubles. */
function absolute(rel: readonly number[], base: number): number[] {
  if (base === 0) return rel as number[];
  const out: number[] = [];
  for (let i = 0; i < rel.length; i++) out.push((rel[i] as number) + base);
  return out;
}

export type Aggregate = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last';

export class MetricsRepo {
  readonly seriesRepo: MetricSeriesRepo;
  readonly rollups: RollupsRepo;
  readonly stepAggregates: MetricStepAggregates;
  readonly staging: MetricStagingRepo;
  private readonly insertStmt: Statement;
  private readonly runStmts: (Statement | undefined)[] = [];
  private readonly samplesTsStmt: Statement;
  private readonly samplesValuesStmt: Statement;
  private countStmt: Statement | undefined;
  /** Per series, the time range this commit touched (its rollups are rebuilt later). */
  private touched = new Map<number, [number, number]>();

  constructor(readonly db: Database) {
    this.seriesRepo = new MetricSeriesRepo(db);
    this.rollups = new RollupsRepo(db);
    this.stepAggregates = new MetricStepAggregates(db);
    this.staging = new MetricStagingRepo(db);
    // A second sample at the same instant of a series is dropped, as Prometheus does
    // ("duplicate sample"); rollups only count samples actually stored.
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?)');
    // Times relative to the range's start: small integers come back as V8 small integers, not
    // one heap-allocated number each (samples() adds the start back into an unboxed array).
    this.samplesTsStmt = db.prepare('SELECT ts - CAST(? AS INTEGER) FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts').pluck(true);
    this.samplesValuesStmt = db.prepare('SELECT value FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts').pluck(true);
  }

  beginBatch(): void {
    this.touched.clear();
  }

  /** Insert within the caller's transaction (between beginBatch and finishBatch). */
  insert(sample: MetricSample): void {
    const id = this.seriesRepo.resolve(sample.metric_name, sample.tags, sample.source_system, sample.unit);
    if (this.insertStmt.run(id, sample.timestamp, sample.value).changes) this.touch(id, sample.timestamp, sample.timestamp);
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

  /**
   * Insert a batch within the caller's transaction. Consecutive samples of one series (how
   * remote write, OTLP and scrapes send them) resolve their series once and go in with
   * multi-row statements: the per-statement cost, not the B-tree, dominated a sample's insert.
   */
  insertAll(samples: readonly MetricSample[]): void {
    this.insertPacked(packSamples(samples));
  }

  /** The same, from runs and arrays (what the writer thread receives). */
  insertPacked(p: PackedSamples): void {
    let i = 0;
    for (const r of p.runs) {
      this.insertRange(this.seriesRepo.resolve(r.metric_name, r.tags, r.source_system, r.unit), p.timestamps, p.values, i, i + r.count);
      i += r.count;
    }
  }

  /**
   * Stage a batch (within the caller's transaction): its series are resolved (created) now, its
   * samples become one row of `metric_staging` until mergeStaged moves them.
   */
  stage(p: PackedSamples): void {
    const runs = new Int32Array(2 * p.runs.length);
    p.runs.forEach((r, k) => {
      runs[2 * k] = this.seriesRepo.resolve(r.metric_name, r.tags, r.source_system, r.unit);
      runs[2 * k + 1] = r.count;
    });
    this.staging.add(runs, p.timestamps, p.values);
  }

  /**
   * Move the oldest staged batches (about `maxSamples` samples) into `metric_samples`, within the
   * caller's transaction between beginBatch and finishBatch. Samples are inserted series by
   * series (ascending id: the B-tree in key order), each series' samples in the order they were
   * staged, so a duplicate instant keeps the first value as a direct insert does. Returns the
   * samples moved.
   */
  mergeStaged(maxSamples: number): number {
    const batches = this.staging.oldest(maxSamples);
    if (batches.length === 0) return 0;
    // Per series: [batch index, from, to] triples in staging order.
    const segments = new Map<number, number[]>();
    let samples = 0;
    batches.forEach((b, bi) => {
      let at = 0;
      for (let k = 0; k < b.runs.length; k += 2) {
        const id = b.runs[k] as number;
        const count = b.runs[k + 1] as number;
        let list = segments.get(id);
        if (!list) segments.set(id, (list = []));
        list.push(bi, at, at + count);
        at += count;
      }
      samples += b.ts.length;
    });
    for (const id of [...segments.keys()].sort((a, b) => a - b)) {
      const list = segments.get(id)!;
      for (let k = 0; k < list.length; k += 3) {
        const b = batches[list[k] as number]!;
        this.insertRange(id, b.ts, b.vals, list[k + 1] as number, list[k + 2] as number);
      }
    }
    this.staging.deleteThrough(batches[batches.length - 1]!.id);
    return samples;
  }

  /** ts/vals[from, to) all of series `id`, up to RUN rows per statement. */
  private insertRange(id: number, ts: ArrayLike<number>, vals: ArrayLike<number>, from: number, to: number): void {
    for (let i = from; i < to; i += RUN) {
      const n = Math.min(RUN, to - i);
      const params = new Array<number>(n * 3);
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < n; k++) {
        const t = ts[i + k] as number;
        params[3 * k] = id;
        params[3 * k + 1] = t;
        params[3 * k + 2] = vals[i + k] as number;
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      // Which rows were duplicates is not known here: the rebuild range may be wider than
      // needed (harmless, rollups are recomputed from the raw samples), never narrower.
      if (this.insertRunStmt(n).run(params).changes) this.touch(id, lo, hi);
    }
  }

  /** The INSERT of n rows, prepared on first use (at most RUN of them). */
  private insertRunStmt(n: number): Statement {
    let st = this.runStmts[n];
    if (!st) this.runStmts[n] = st = this.db.prepare(`INSERT OR IGNORE INTO metric_samples (series_id, ts, value) VALUES ${new Array(n).fill('(?, ?, ?)').join(', ')}`);
    return st;
  }

  private touch(id: number, lo: number, hi: number): void {
    const t = this.touched.get(id);
    if (!t) this.touched.set(id, [lo, hi]);
    else {
      if (lo < t[0]) t[0] = lo;
      if (hi > t[1]) t[1] = hi;
    }
  }

  insertMany(samples: MetricSample[]): void {
    try {
      this.db.transaction(() => {
        this.beginBatch();
        this.insertAll(samples);
        this.finishBatch();
      })();
    } catch (e) {
      this.abortBatch();
      throw e;
    }
  }

  /** How many samples one series has in [from, to], counting no further than `limit`. */
  countSamples(seriesId: number, from: number, to: number, limit: number): number {
    this.countStmt ??= this.db.prepare('SELECT count(*) FROM (SELECT 1 FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? LIMIT ?)').pluck(true);
    return this.countStmt.get(seriesId, from, to, limit) as number;
  }

  /** Samples of one series in [from, to], oldest first, as parallel arrays. */
  samples(seriesId: number, from: number, to: number): { ts: number[]; values: number[] } {
    // Two single-column reads: each returns its array as is, with no array per row to build
    // and collect (~35 % faster than one two-column read on the hot query path). They must
    // see the same snapshot, hence one read transaction around both (callers' queries
    // usually run in one already, see MetricQueryEngine).
    const base = Number.isSafeInteger(from) ? from : 0;
    const read = () => ({ ts: this.samplesTsStmt.all(base, seriesId, from, to) as number[], values: this.samplesValuesStmt.all(seriesId, from, to) as number[] });
    const r = this.db.inTransaction ? read() : this.db.transaction(read)();
    return { ts: absolute(r.ts, base), values: r.values };
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
