/**
 * Aggregates over many series' rollup buckets computed inside SQLite, one row per evaluation
 * step, for the query shapes where that is the same answer as evaluating series by series
 * (query/metrics/pushdown.ts decides). Handing 650 000 bucket rows to JavaScript one by one
 * cost ~1 µs each; SQLite folds them for a fraction of that.
 *
 * Integer maths on times: better-sqlite3 binds JS numbers as REAL, hence the CASTs.
 */
import type { Database, Statement } from 'better-sqlite3';

/** Per step index k: the folded statistics of the rows that belong to it. */
export interface StepRow {
  k: number;
  sum: number | null;
  count: number;
  min: number | null;
  max: number | null;
}

export class MetricStepAggregates {
  private readonly instantStmt: Statement;
  private readonly windowStmt: Statement;

  constructor(db: Database) {
    // Grouped by bucket, the cheapest grouping SQLite can do here (step arithmetic per row
    // doubled the cost); buckets become steps in JS. `at_start`: the bucket's last sample sits
    // exactly on its start, i.e. it holds a single sample there (the edge cases below).
    const from = `FROM metric_rollups WHERE series_id IN (SELECT value FROM json_each(@ids)) AND resolution = @res AND bucket BETWEEN @lo AND @hi`;
    this.instantStmt = db
      .prepare(`SELECT bucket, last_ts = bucket AS at_start, sum(last), count(*), min(last), max(last) ${from} AND (last_ts >= bucket + @fresh OR last_ts = bucket) GROUP BY bucket, at_start`)
      .raw(true);
    this.windowStmt = db
      .prepare(`SELECT bucket, last_ts = bucket AS at_start, sum(sum), sum(count), min(min), max(max) ${from} AND last_ts BETWEEN @first AND @hi GROUP BY bucket, at_start`)
      .raw(true);
  }

  /**
   * Instant selector at steps t = start + k·S on buckets of R (R ≥ the 5 min look-back, S a
   * multiple of R, start on a bucket boundary): a series' value at t is the last sample of
   * bucket [t−R, t) when it is at most 5 min old — unless bucket [t, t+R) holds a single
   * sample at exactly t, which is newer. Then null: the caller evaluates series by series
   * (such buckets are rare). Sum, count, min and max of the values per step.
   */
  instant(ids: readonly number[], resMs: number, start: number, end: number, stepMs: number): StepRow[] | null {
    const rows = this.instantStmt.all({ ids: JSON.stringify(ids), res: int(resMs), lo: int(start - resMs), hi: int(end), fresh: int(resMs - 300_000) }) as Row[];
    const out: StepRow[] = [];
    for (const [bucket, atStart, sum, count, min, max] of rows) {
      if (atStart) {
        if (bucket >= start && (bucket - start) % stepMs === 0) return null;
        continue;
      }
      const t = bucket + resMs;
      if ((t - start) % stepMs === 0) out.push({ k: (t - start) / stepMs, sum, count, min, max });
    }
    return out;
  }

  /**
   * Windows [t−S, t] (range = step) over bucket points at their last sample's time: a bucket
   * belongs to the first step at or after its point, which is the first step at or after its
   * end — except a single sample exactly on a step, which is in that step's window and, as
   * both ends are inclusive, also in the next one (`edge`). Per step: sum of bucket sums, sum
   * of bucket counts (count: samples, not series), min of minima, max of maxima.
   */
  windows(ids: readonly number[], resMs: number, start: number, end: number, stepMs: number): (StepRow & { edge: boolean })[] {
    const rows = this.windowStmt.all({ ids: JSON.stringify(ids), res: int(resMs), lo: int(start - stepMs - resMs), hi: int(end), first: int(start - stepMs) }) as Row[];
    return rows.map(([bucket, atStart, sum, count, min, max]) => {
      const onStep = atStart === 1 && (bucket - start) % stepMs === 0;
      const k = onStep ? (bucket - start) / stepMs : Math.ceil((bucket + resMs - start) / stepMs);
      return { k, edge: onStep, sum, count, min, max };
    });
  }
}

type Row = [bucket: number, atStart: number, sum: number | null, count: number, min: number | null, max: number | null];

/** Bound as INTEGER (a JS number binds as REAL; integer % and / need integers). */
function int(n: number): bigint {
  return BigInt(Math.trunc(n));
}
