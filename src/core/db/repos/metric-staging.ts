/**
 * Staged metric batches (migration 013): one row per large batch, moved to `metric_samples` in
 * bulk by the writer (MetricsRepo.mergeStaged). Arrays are stored as their bytes in the host's
 * order; rows live for well under a second and are read back by the machine that wrote them.
 */
import type { Database, Statement } from 'better-sqlite3';

export interface StagedBatch {
  id: number;
  /** [series id, sample count] per run, in order. */
  runs: Int32Array;
  ts: Float64Array;
  vals: Float64Array;
}

const bytes = (a: Int32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A view of the blob when its offset allows one, else a copy. */
function f64(b: Buffer): Float64Array {
  return b.byteOffset % 8 === 0 ? new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8) : new Float64Array(new Uint8Array(b).buffer);
}

function i32(b: Buffer): Int32Array {
  return b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Int32Array(new Uint8Array(b).buffer);
}

export class MetricStagingRepo {
  private readonly addStmt: Statement;
  private readonly lastStmt: Statement;
  private readonly oldestStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly pendingStmt: Statement;

  constructor(db: Database) {
    this.addStmt = db.prepare('INSERT INTO metric_staging (runs, ts, vals, samples) VALUES (?, ?, ?, ?)');
    // The last row of those that reach `?` samples (a running sum over the ids, blobs untouched).
    this.lastStmt = db
      .prepare('SELECT max(id) FROM (SELECT id, sum(samples) OVER (ORDER BY id) - samples AS before FROM metric_staging) WHERE before < ?')
      .pluck(true);
    this.oldestStmt = db.prepare('SELECT id, runs, ts, vals FROM metric_staging WHERE id <= ? ORDER BY id');
    this.deleteStmt = db.prepare('DELETE FROM metric_staging WHERE id <= ?');
    this.pendingStmt = db.prepare('SELECT coalesce(sum(samples), 0) FROM metric_staging').pluck(true);
  }

  add(runs: Int32Array, ts: Float64Array, vals: Float64Array): void {
    this.addStmt.run(bytes(runs), bytes(ts), bytes(vals), ts.length);
  }

  /** The oldest batches holding about `maxSamples` samples (at least one batch when any). */
  oldest(maxSamples: number): StagedBatch[] {
    const last = this.lastStmt.get(maxSamples) as number | null;
    if (last === null) return [];
    const rows = this.oldestStmt.all(last) as { id: number; runs: Buffer; ts: Buffer; vals: Buffer }[];
    return rows.map((r) => ({ id: r.id, runs: i32(r.runs), ts: f64(r.ts), vals: f64(r.vals) }));
  }

  deleteThrough(id: number): void {
    this.deleteStmt.run(id);
  }

  /** Samples staged and not yet moved. */
  pending(): number {
    return this.pendingStmt.get() as number;
  }
}
