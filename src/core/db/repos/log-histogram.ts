/**
 * The log histogram: matching lines per (bucket, level), counted exactly when that is quick and
 * estimated from a sample when it is not (the SQL is in log-histogram-sql.ts).
 *
 * Exact first, for HISTOGRAM_EXACT_MS (a query thread's shorter deadline, see
 * query/worker/serve.ts). Past that, 1 line in HISTOGRAM_SAMPLE_EVERY is counted, then twice as
 * many while HISTOGRAM_SAMPLE_BUDGETS × that budget leaves time for another step as long as the
 * last (only the added runs are read), and each count is scaled by the final rate. `every` in the
 * answer says what share was counted (1 = exact).
 *
 * A negated text term over a cheap condition (`-info level:warn`) is counted as the condition
 * exactly minus an estimate of condition AND term: a NOT list has to be built whole (4.5 M rowids
 * for `info`, ~0.5 s) by every statement that uses it, while the positive form is read block by
 * block. Measured over 10 M lines: 1.1–1.5 s sampled directly → see the README's search table.
 */
import type { Database } from 'better-sqlite3';
import { LOG_LEVELS, type LogLevel } from '../../../shared/api/schemas/logs';
import type { LogFilter } from '../../query/log-filter';
import { FTS_ROWIDS } from '../../query/log-query-sql';
import { timed, type SlowQueryLogger } from '../slow-query';
import { HASH_RANGE, histogramSource, sampledHistogramSql, withoutGuard } from './log-histogram-sql';
import { matchParamIndexes, narrowToTimeRange } from './log-search-windows';

/** Runs `read` and returns its result, or undefined when it is still running after `ms`. */
export type TimeBudget = <T>(ms: number, read: () => T) => T | undefined;

type Count = { b: number; level: LogLevel; n: number };

/**
 * A histogram's counts and the share of lines they were counted on (1 in `every`; 1 = exact).
 * `subtracted`: the lines matching all but a negated term were counted exactly, and only those
 * that also hold the term were sampled and subtracted.
 */
export interface HistogramCounts {
  rows: Count[];
  every: number;
  subtracted?: boolean;
}

/** Below this share of the store's time span, a sample (which reads across the whole store) costs more than the count. */
const SAMPLE_MIN_SHARE = 0.25;

/** Exact histogram counts are tried for this long before sampling (ms). */
export const HISTOGRAM_EXACT_MS = 350;
/** Past that, 1 line in this many is counted first (a power of two: the sample's hash threshold is then exact)… */
export const HISTOGRAM_SAMPLE_EVERY = 16;
/**
 * …and twice as many again while the whole answer, exact attempt included, stays within this many
 * times the exact count's budget (350 ms → 770 ms: under the 1 s target with room for load).
 */
export const HISTOGRAM_SAMPLE_BUDGETS = 2.2;

const NEGATED = `l.id NOT IN (${FTS_ROWIDS})`;

interface Where {
  where: string;
  params: unknown[];
}

/**
 * `cond AND NOT term` as `cond` and `cond AND term`, when the conditions are a plain conjunction
 * (no OR, no other NOT) whose only full-text list is that one negated term.
 */
function splitNegation({ where, params }: Where, guard: string | undefined): { whole: Where; overlap: Where } | null {
  const lists = matchParamIndexes(where);
  // The guard (a query thread's deadline term) has an OR of its own: set aside, and kept as it is.
  const own = withoutGuard(where, guard);
  if (lists.length !== 1 || own.split(NEGATED).length !== 2 || /\bOR\b/.test(own) || own.split(/\bNOT\b/).length !== 2) return null;
  const at = lists[0]!;
  return {
    whole: { where: where.replace(NEGATED, '1'), params: params.filter((_, i) => i !== at) },
    overlap: { where: where.replace(NEGATED, `l.id IN (${FTS_ROWIDS})`), params },
  };
}

/** No condition but on level and timestamp (the guard set aside), no full-text list. */
function levelAndTimeOnly(where: string, guard: string | undefined): boolean {
  const own = withoutGuard(where, guard);
  if (own.includes(FTS_ROWIDS)) return false;
  return [...own.matchAll(/\bl\.(\w+)/g)].every(([, column]) => column === 'level' || column === 'timestamp') && !/\(SELECT\b/i.test(own);
}

function add(into: Map<string, Count>, rows: Count[], sign = 1): void {
  for (const r of rows) {
    const key = `${r.b}:${r.level}`;
    const prev = into.get(key);
    if (prev) prev.n += sign * r.n;
    else into.set(key, { ...r, n: sign * r.n });
  }
}

export class LogHistograms {
  constructor(
    private readonly db: Database,
    /** The filter's conditions on `l`, the guard included (LogsRepo's). */
    private readonly whereOf: (filter: LogFilter) => Where,
    private readonly slow?: SlowQueryLogger,
    private readonly guard?: string,
    private readonly budget?: TimeBudget,
    private readonly exactMs = HISTOGRAM_EXACT_MS,
  ) {}

  /**
   * Buckets are aligned on multiples of `bucketMs` (`first` is the aligned start of the first
   * one); only non-empty ones come back — the caller fills the gaps. `b` is the bucket's index
   * from `first`. Sampling needs a time budget to try the exact count under, which only a query
   * thread has; without one the count is exact. `every` forces a sampling rate (tests).
   */
  histogram(filter: LogFilter, first: number, bucketMs: number, opts: { exact?: boolean; every?: number } = {}): HistogramCounts {
    const exact = () => this.exact(filter, first, bucketMs);
    const refine = opts.every === undefined;
    const conditions = this.whereOf(filter);
    // Only text terms and metadata make a sample much cheaper than the count: for the other
    // columns the exact plan walks an index, and a sample has to read whole rows (`service:openssh
    // level:warn` over ten days: exact 0.32-0.68 s, a 1-in-16 sample 0.45 s with a 15 % bucket error).
    const cheaper = conditions.where.includes(FTS_ROWIDS) || conditions.where.includes('json_');
    if (refine && (opts.exact || !this.budget || !cheaper || this.shareOfStore(filter) < SAMPLE_MIN_SHARE)) return { rows: exact(), every: 1 };
    const every = opts.every ?? HISTOGRAM_SAMPLE_EVERY;
    const started = performance.now();
    const split = splitNegation(conditions, this.guard);
    if (split) {
      // No exact attempt first: it would build the whole NOT list before its deadline could stop
      // it. The overlap's sample gets denser while time allows, up to exact for a small one.
      const plain = () => this.count(split.whole, first, bucketMs, filter.to);
      const whole = this.budget && refine ? this.budget(this.exactMs, plain) : plain();
      if (whole) {
        const overlap = this.sampled(split.overlap, first, bucketMs, every, refine, started);
        const sums = new Map<string, Count>();
        add(sums, whole);
        add(sums, overlap.rows, -1);
        // An estimate of the overlap may exceed a small exact whole: never below zero.
        return { rows: [...sums.values()].filter((r) => r.n > 0), every: overlap.every, ...(overlap.every > 1 ? { subtracted: true } : {}) };
      }
    } else if (refine && this.budget) {
      const rows = this.budget(this.exactMs, exact);
      if (rows) return { rows, every: 1 };
    }
    return this.sampled(conditions, first, bucketMs, every, refine, started);
  }

  /**
   * How much of the store's time span the range covers. A sample picks rowid runs across the
   * whole store, so for a day of a 30-day store it would read ~2× what the exact count reads.
   */
  private shareOfStore(filter: LogFilter): number {
    const span = this.db.prepare('SELECT (SELECT min(timestamp) FROM log_entries) AS lo, (SELECT max(timestamp) FROM log_entries) AS hi').get() as { lo: number | null; hi: number | null };
    if (span.lo === null || span.hi === null || span.hi <= span.lo) return 1;
    const from = Math.max(filter.from ?? span.lo, span.lo);
    const to = Math.min(filter.to ?? span.hi, span.hi);
    return Math.max(0, to - from) / (span.hi - span.lo);
  }

  private exact(filter: LogFilter, first: number, bucketMs: number): Count[] {
    const { where: plain, params } = this.whereOf(filter);
    const narrowed = narrowToTimeRange(this.db, plain, filter);
    return this.count({ where: narrowed?.where ?? plain, params }, first, bucketMs, filter.to, narrowed?.rowids);
  }

  private count({ where, params }: Where, first: number, bucketMs: number, to: number | null | undefined, rowids?: { lo: number; hi: number }): Count[] {
    if (to !== null && to !== undefined && !rowids && levelAndTimeOnly(where, this.guard)) return this.countPerBucket({ where, params }, first, bucketMs, to);
    // CAST: better-sqlite3 binds JS numbers as REAL, which would make this a real division.
    const sql = `SELECT (l.timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, l.level AS level, count(*) AS n
                 FROM ${histogramSource(where, this.guard)} GROUP BY b, l.level`;
    const all = [first, bucketMs, ...params, ...(rowids ? [rowids] : [])];
    return timed(this.db, this.slow, 'logs.histogram', sql, all, () => this.db.prepare(sql).all(...all) as Count[]);
  }

  /**
   * Conditions on level and time only: one count(*) per bucket and level over the (level,
   * timestamp) index. SQLite steps an index range for count(*) without decoding rows (~30 ns a
   * line), where GROUP BY over an expression sorts every line into a temporary b-tree: `level:warn`
   * over ten days (1.85 M lines, 80 buckets) 430 ms → 60 ms.
   */
  private countPerBucket({ where, params }: Where, first: number, bucketMs: number, to: number): Count[] {
    const sql = `SELECT count(*) FROM log_entries l WHERE l.level = @level AND l.timestamp >= @lo AND l.timestamp < @hi AND ${where}`;
    const stmt = this.db.prepare(sql).pluck();
    // The levels the conditions admit, asked of a made-up line at `to`: a count for a level they
    // exclude would still walk that level's lines in the bucket (`level:warn`: 173 → 60 ms).
    const admits = this.db.prepare(`SELECT count(*) FROM (SELECT @level AS level, @to AS timestamp, 1 AS id) AS l WHERE ${where}`).pluck();
    const levels = LOG_LEVELS.filter((level) => (admits.get(...params, { level, to }) as number) > 0);
    const out: Count[] = [];
    const run = () => {
      for (let b = 0; first + b * bucketMs <= to; b++) {
        for (const level of levels) {
          const n = stmt.get(...params, { level, lo: first + b * bucketMs, hi: first + (b + 1) * bucketMs }) as number;
          if (n > 0) out.push({ b, level, n });
        }
      }
      return out;
    };
    return timed(this.db, this.slow, 'logs.histogram.perBucket', sql, [...params, { level: 'INFO', lo: first, hi: first + bucketMs }], run);
  }

  /** 1 in `every` lines counted, then (if `refine`) denser while the budget lasts; counts scaled by the final rate. */
  private sampled({ where, params }: Where, first: number, bucketMs: number, every: number, refine: boolean, started: number): HistogramCounts {
    const prefix = matchParamIndexes(where).some((i) => String(params[i]).includes('"*'));
    const sql = sampledHistogramSql(where, this.guard, prefix);
    const ids = this.db.prepare('SELECT (SELECT min(id) FROM log_entries) AS lo, (SELECT max(id) FROM log_entries) AS hi').get() as { lo: number | null; hi: number | null };
    if (ids.lo === null || ids.hi === null) return { rows: [], every: 1 };
    const stmt = this.db.prepare(sql);
    const sums = new Map<string, Count>();
    const count = (hashLo: number, hashHi: number) => {
      const all = [...params, { first, bucket: bucketMs, lo: ids.lo, hi: ids.hi, hashLo, hashHi }];
      add(sums, timed(this.db, this.slow, 'logs.histogram.sampled', sql, all, () => stmt.all(...all) as Count[]));
    };
    let rate = every;
    let t = performance.now();
    count(0, HASH_RANGE / rate);
    let step = performance.now() - t;
    const end = started + this.exactMs * HISTOGRAM_SAMPLE_BUDGETS;
    // Doubling the sample reads as many runs again as all before: the first step costs about
    // what the first sample did, each later one twice the step before it.
    let next = step * 1.1;
    while (refine && rate > 1 && performance.now() + next <= end) {
      t = performance.now();
      const lo = HASH_RANGE / rate;
      // Under the time left, so a slow step is dropped (its runs are not added) instead of
      // running past the request's deadline and losing the estimate already made.
      const done = this.budget ? this.budget(Math.max(1, end - t), () => (count(lo, lo * 2), true)) : (count(lo, lo * 2), true);
      if (!done) break;
      rate /= 2;
      step = performance.now() - t;
      next = step * 2.2;
    }
    return { rows: [...sums.values()].map((r) => ({ ...r, n: r.n * rate })), every: rate };
  }
}
