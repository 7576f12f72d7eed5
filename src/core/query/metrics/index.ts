/**
 * The metric query engine: parse a query (PromQL subset, see README.md), pick raw samples or
 * a rollup resolution, evaluate at one instant or at every step of a range.
 */
import { ApiError } from '../../../shared/api/errors';
import type { MetricsRepo } from '../../db/repos/metrics';
import { RESOLUTIONS, type RollupNeed } from '../../db/repos/rollups';
import { Evaluator, LOOKBACK_MS, matches, matchesValue, type MetricSource } from './evaluator';
import { parseQuery, type Expr } from './parser';
import type { Shard } from './shard';
import type { Labels, SeriesData, Value } from './values';

export type Resolution = 'raw' | '1m' | '1h' | '1d';
export interface InstantResult {
  resultType: 'vector' | 'scalar';
  series: { labels: Record<string, string>; value: number }[];
}
export interface RangeResult {
  series: { labels: Record<string, string>; points: [number, number][] }[];
  resolution: Resolution;
  stepMs: number;
}

/** As Prometheus: more points per series than this is refused (ask for a larger step). */
export const MAX_STEPS = 11_000;

export { parseQuery };
export type { Shard };

/**
 * Samples and rollups from the store. `check` runs before each series is read and before each
 * aggregate the store folds: on a query thread it throws once the request's deadline passed.
 */
export function storeSource(repo: MetricsRepo, check: () => void = () => undefined, shard?: Shard): MetricSource {
  /** Decides once how each series is read (raw samples or rollups); reads series i when called. */
  function reader(ids: number[], from: number, to: number, resolutionMs: number, need: RollupNeed): (i: number) => SeriesData {
    if (resolutionMs === 0) {
      return (i) => {
        check();
        return repo.samples(ids[i] as number, from, to);
      };
    }
    // Raw samples answer (exactly) where rollups would not help: not rebuilt yet after new
    // samples arrived, or a series so sparse that its buckets hold one sample each anyway.
    const dirty = repo.rollups.dirtyAmong(ids, from - resolutionMs, to);
    const density = repo.rollups.perBucketMany(ids, resolutionMs, from, to);
    return (i) => {
      check();
      const id = ids[i] as number;
      return dirty.has(id) || (density.get(id) ?? 0) < 2
        ? repo.samples(id, from, to)
        : // A bucket's point stands at its last sample's time; buckets starting before `from` may end inside it.
          repo.rollups.columns(id, resolutionMs, from - resolutionMs, to, need);
    };
  }
  return {
    select(name, matchers) {
      // Matchers first, on the cached labels: only the series selected get a labels object.
      const keep = (n: string, labels: Readonly<Labels>) => matchers.every((m) => matchesValue(m.name === '__name__' ? n : (labels[m.name] ?? ''), m));
      const rows = repo.seriesRepo.matching(name, keep);
      // One part of a query split over series (shard.ts): the series whose id falls to it.
      const mine = shard ? rows.filter((s) => s.id % shard.of === shard.index) : rows;
      return mine.map((s) => ({ id: s.id, labels: { __name__: s.name, ...s.labels } }));
    },
    load(ids, from, to, resolutionMs, need): SeriesData[] {
      const read = reader(ids, from, to, resolutionMs, need);
      return ids.map((_, i) => read(i));
    },
    reader,
    countSamples(ids, from, to, limit) {
      let n = 0;
      for (const id of ids) if ((n += repo.countSamples(id, from, to, limit - n + 1)) > limit) break;
      return n;
    },
    snapshot(read) {
      // One read transaction: every series of a query from the same commit, and the sample
      // reads inside need no transaction of their own.
      return repo.db.inTransaction ? read() : repo.db.transaction(read)();
    },
    stepAggregates(groups, kind, q) {
      // Only when load() would read every one of these series from rollups (same test).
      const all = groups.flat();
      const dirty = repo.rollups.dirtyAmong(all, q.loadFrom - q.resMs, q.loadTo);
      if (dirty.size > 0) return null;
      const density = repo.rollups.perBucketMany(all, q.resMs, q.loadFrom, q.loadTo);
      if (all.some((id) => (density.get(id) ?? 0) < 2)) return null;
      const out: NonNullable<ReturnType<NonNullable<MetricSource['stepAggregates']>>> = [];
      for (const ids of groups) {
        check();
        const rows = kind === 'instant' ? repo.stepAggregates.instant(ids, q.resMs, q.start, q.end, q.stepMs) : repo.stepAggregates.windows(ids, q.resMs, q.start, q.end, q.stepMs);
        if (!rows) return null;
        out.push(rows);
      }
      return out;
    },
  };
}

/** Functions that need several points inside each window (a rate needs at least two). */
const NEEDS_POINTS = new Set(['rate', 'increase', 'delta', 'irate', 'idelta']);

/**
 * The range windows of a query and how many buckets each needs: ten for rate-like functions,
 * one for the *_over_time family (whose buckets carry min/max/sum/count/sketch).
 */
function windows(e: Expr, factor = 1, out: { range: number; factor: number }[] = []): { range: number; factor: number }[] {
  switch (e.type) {
    case 'selector':
      if (e.range !== null) out.push({ range: e.range, factor });
      break;
    case 'call':
      for (const a of e.args) windows(a, NEEDS_POINTS.has(e.fn) ? 10 : factor, out);
      break;
    case 'aggregate':
      windows(e.expr, factor, out);
      if (e.param) windows(e.param, factor, out);
      break;
    case 'binary':
      windows(e.lhs, factor, out);
      windows(e.rhs, factor, out);
      break;
    case 'unary':
      windows(e.expr, factor, out);
      break;
  }
  return out;
}

/**
 * The coarsest rollup that still answers at this step: start and step on its bucket boundaries,
 * and every range window a whole number of buckets (ten or more for rate-like functions).
 */
export function pickResolution(e: Expr, startMs: number, stepMs: number): { name: Resolution; ms: number } {
  const ws = windows(e);
  for (const r of [...RESOLUTIONS].reverse()) {
    // Every evaluation instant on a bucket boundary: then a bucket's last sample is exactly the
    // newest sample before the instant, and windows hold whole buckets.
    const aligned = startMs % r.ms === 0 && stepMs % r.ms === 0;
    if (aligned && ws.every((w) => w.range % r.ms === 0 && r.ms * w.factor <= w.range)) return { name: r.name, ms: r.ms };
  }
  return { name: 'raw', ms: 0 };
}

function outputLabels(labels: Labels): Record<string, string> {
  return { ...labels };
}

/** Min and max per bucket: at most maxPoints points, and every peak and dip survives. */
export function downsample(points: [number, number][], maxPoints: number): [number, number][] {
  if (points.length <= maxPoints) return points;
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: [number, number][] = [];
  const per = points.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor(b * per);
    const hi = Math.min(points.length, Math.floor((b + 1) * per));
    if (hi <= lo) continue;
    let min = lo;
    let max = lo;
    for (let i = lo; i < hi; i++) {
      if (points[i]![1] < points[min]![1]) min = i;
      if (points[i]![1] > points[max]![1]) max = i;
    }
    if (min === max) out.push(points[min]!);
    else out.push(points[Math.min(min, max)]!, points[Math.max(min, max)]!);
  }
  return out;
}

export class MetricQueryEngine {
  constructor(private readonly source: MetricSource) {}

  /** Every series' labels, __name__ included (for label autocomplete). */
  series(): Labels[] {
    return this.source.select(null, []).map((s) => s.labels);
  }

  private consistent<T>(read: () => T): T {
    return this.source.snapshot ? this.source.snapshot(read) : read();
  }

  static forStore(repo: MetricsRepo, check?: () => void, shard?: Shard): MetricQueryEngine {
    return new MetricQueryEngine(storeSource(repo, check, shard));
  }

  /**
   * Whether evaluating `query` over [startMs, endMs] reads at most `maxSamples` raw samples
   * from at most `maxSeries` series: each selector's series over its window (lookback, range
   * and offset included), counted in the store and no further than the limit. False for
   * anything it cannot judge (a parse error, a store that cannot count).
   */
  readsAtMost(query: string, startMs: number, endMs: number, maxSeries: number, maxSamples: number): boolean {
    return (
      this.selectorReads(query, startMs, endMs, (reads, count) => {
        let series = 0;
        let samples = 0;
        for (const r of reads) {
          if ((series += r.ids.length) > maxSeries) return false;
          samples += count(r.ids, r.from, r.to, maxSamples - samples);
          if (samples > maxSamples) return false;
        }
        return true;
      }) ?? false
    );
  }

  /**
   * About how many raw samples evaluating `query` over [startMs, endMs] reads: each selector's
   * first `probe` series counted (no further than `cap` each), scaled to all its series. Cheaper
   * than readsAtMost's full count for deciding on a split; null for anything it cannot judge.
   */
  estimatedReads(query: string, startMs: number, endMs: number, probe = 8, cap = 100_000): number | null {
    return this.selectorReads(query, startMs, endMs, (reads, count) => {
      let n = 0;
      for (const r of reads) {
        const probed = r.ids.slice(0, probe);
        if (probed.length) n += (count(probed, r.from, r.to, cap) * r.ids.length) / probed.length;
      }
      return n;
    });
  }

  /**
   * Each selector of `query` as the series it selects and the raw-sample window it reads
   * (lookback, range and offset included), handed lazily to `visit` with the store's counter
   * inside one read transaction; null when the query does not parse, the range is empty or
   * the store cannot count.
   */
  private selectorReads<T>(
    query: string,
    startMs: number,
    endMs: number,
    visit: (reads: Iterable<{ ids: number[]; from: number; to: number }>, count: NonNullable<MetricSource['countSamples']>) => T,
  ): T | null {
    const count = this.source.countSamples?.bind(this.source);
    if (!count || !(endMs >= startMs)) return null;
    let expr: Expr;
    try {
      expr = parseQuery(query);
    } catch {
      return null;
    }
    const source = this.source;
    function* reads() {
      for (const s of selectors(expr)) {
        const ids = source.select(s.name, s.matchers).filter((x) => s.matchers.every((m) => matches(x.labels, m))).map((x) => x.id);
        yield { ids, from: startMs - s.offset - (s.range ?? LOOKBACK_MS), to: endMs - s.offset };
      }
    }
    return this.consistent(() => visit(reads(), count));
  }

  /** Evaluate at one instant (always from raw samples). Non-finite values are kept (NaN, ±Inf). */
  instant(query: string, atMs: number): InstantResult {
    const expr = parseQuery(query);
    const v = this.consistent(() => new Evaluator(this.source, [atMs], 0).eval(expr));
    if (v.kind === 'matrix' || v.kind === 'string') throw notInstant(v);
    if (v.kind === 'scalar') return { resultType: 'scalar', series: [{ labels: {}, value: v.values[0] as number }] };
    return { resultType: 'vector', series: vectorAt(v, 0) };
  }

  /** opts.pushdown false: never let the store fold aggregations (tests compare both ways). */
  range(query: string, startMs: number, endMs: number, stepMs: number, opts: { maxPoints?: number; resolution?: Resolution; pushdown?: boolean } = {}): RangeResult {
    if (!(stepMs > 0)) throw new ApiError('bad_request', 'step: must be a positive duration');
    if (endMs < startMs) throw new ApiError('bad_request', 'end: must not be before start');
    const steps = Math.floor((endMs - startMs) / stepMs) + 1;
    if (steps > MAX_STEPS) {
      throw new ApiError('bad_request', `step: ${steps} points per series exceed the maximum of ${MAX_STEPS}; use a step of at least ${Math.ceil((endMs - startMs) / (MAX_STEPS - 1) / 1000)}s`);
    }
    const expr = parseQuery(query);
    const res = opts.resolution
      ? { name: opts.resolution, ms: RESOLUTIONS.find((r) => r.name === opts.resolution)?.ms ?? 0 }
      : pickResolution(expr, startMs, stepMs);
    const times = Array.from({ length: steps }, (_, i) => startMs + i * stepMs);
    const v = this.consistent(() => new Evaluator(this.source, times, res.ms, opts.pushdown ?? true).eval(expr));
    let series: RangeResult['series'];
    if (v.kind === 'scalar') series = [{ labels: {}, points: times.map((t, i) => [t, v.values[i] as number]) }];
    else if (v.kind === 'vector') {
      series = v.series.map((s) => ({ labels: outputLabels(s.labels), points: present(times, s.values) })).filter((s) => s.points.length > 0);
    } else throw notInstant(v);
    if (opts.maxPoints) series = series.map((s) => ({ labels: s.labels, points: downsample(s.points, opts.maxPoints as number) }));
    return { series, resolution: res.name, stepMs };
  }
}

/** The steps that have a value, as [time, value] (a loop: flatMap built two arrays per step). */
function present(times: number[], values: (number | null)[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) out.push([times[i] as number, v]);
  }
  return out;
}

function selectors(e: Expr, out: Extract<Expr, { type: 'selector' }>[] = []): Extract<Expr, { type: 'selector' }>[] {
  switch (e.type) {
    case 'selector':
      out.push(e);
      break;
    case 'call':
      for (const a of e.args) selectors(a, out);
      break;
    case 'aggregate':
      selectors(e.expr, out);
      if (e.param) selectors(e.param, out);
      break;
    case 'binary':
      selectors(e.lhs, out);
      selectors(e.rhs, out);
      break;
    case 'unary':
      selectors(e.expr, out);
      break;
  }
  return out;
}

function vectorAt(v: Extract<Value, { kind: 'vector' }>, i: number): InstantResult['series'] {
  return v.series.filter((s) => s.values[i] !== null).map((s) => ({ labels: outputLabels(s.labels), value: s.values[i] as number }));
}

function notInstant(v: Value): ApiError {
  return new ApiError('bad_request', `query: the result is a ${v.kind === 'matrix' ? 'range vector' : v.kind}; wrap a range vector in a function such as rate(x[5m]) or avg_over_time(x[5m])`);
}
