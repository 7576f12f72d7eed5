/**
 * Metric queries (instant and range) as operations the query threads serve, so a 30-day
 * evaluation runs on a thread's read-only connection under the same deadline as log reads
 * instead of blocking the thread that serves ingest, HTTP and the UI. Without threads (unit
 * tests, tools) `inlineMetricReads` runs them on the caller's engine.
 */
import { downsample, parseQuery, type InstantResult, type MetricQueryEngine, type RangeResult, type Resolution } from '../metrics/index';
import { promMatrixJson, promMatrixOf, promSeriesJson } from '../metrics/prometheus-json';
import { combineShards, shardPlan, type Shard, type ShardPlan } from '../metrics/shard';

export interface RangeOptions {
  maxPoints?: number;
  resolution?: Resolution;
}

export function metricReadOps(engine: MetricQueryEngine, shardEngine: (shard: Shard) => MetricQueryEngine = () => engine) {
  return {
    metricInstant: (query: string, atMs: number): InstantResult => engine.instant(query, atMs),
    metricRange: (query: string, startMs: number, endMs: number, stepMs: number, opts: RangeOptions): RangeResult => engine.range(query, startMs, endMs, stepMs, opts),
    metricRangePromJson: (query: string, startMs: number, endMs: number, stepMs: number): string => promMatrixJson(engine.range(query, startMs, endMs, stepMs)),
    metricRangeShard: (query: string, startMs: number, endMs: number, stepMs: number, opts: RangeOptions, shard: Shard): RangeResult =>
      shardEngine(shard).range(query, startMs, endMs, stepMs, opts),
    metricRangeShardPromJson: (query: string, startMs: number, endMs: number, stepMs: number, shard: Shard): string =>
      promSeriesJson(shardEngine(shard).range(query, startMs, endMs, stepMs)),
  };
}

export const METRIC_READ_OPS = ['metricInstant', 'metricRange', 'metricRangePromJson', 'metricRangeShard', 'metricRangeShardPromJson'] as const;

export interface MetricReads {
  instant(query: string, atMs: number): Promise<InstantResult>;
  range(query: string, startMs: number, endMs: number, stepMs: number, opts?: RangeOptions): Promise<RangeResult>;
  /** The range answer as the JSON text of Prometheus's query_range `data` (prometheus-json.ts). */
  rangePromJson(query: string, startMs: number, endMs: number, stepMs: number): Promise<string>;
  /** One part of a range query split over series (query/metrics/shard.ts); threads only. */
  rangeShard?(query: string, startMs: number, endMs: number, stepMs: number, opts: RangeOptions, shard: Shard): Promise<RangeResult>;
  /** A part's series as Prometheus matrix items (prometheus-json.ts), for a union of parts. */
  rangeShardPromJson?(query: string, startMs: number, endMs: number, stepMs: number, shard: Shard): Promise<string>;
}

export function inlineMetricReads(engine: MetricQueryEngine): MetricReads {
  return {
    instant: async (query, atMs) => engine.instant(query, atMs),
    range: async (query, startMs, endMs, stepMs, opts = {}) => engine.range(query, startMs, endMs, stepMs, opts),
    rangePromJson: async (query, startMs, endMs, stepMs) => promMatrixJson(engine.range(query, startMs, endMs, stepMs)),
  };
}

/** Sent to a pool of query threads by name. */
export function pooledMetricReads(run: (op: (typeof METRIC_READ_OPS)[number], args: unknown[]) => Promise<unknown>): MetricReads {
  return {
    instant: (query, atMs) => run('metricInstant', [query, atMs]) as Promise<InstantResult>,
    range: (query, startMs, endMs, stepMs, opts = {}) => run('metricRange', [query, startMs, endMs, stepMs, opts]) as Promise<RangeResult>,
    rangePromJson: (query, startMs, endMs, stepMs) => run('metricRangePromJson', [query, startMs, endMs, stepMs]) as Promise<string>,
    rangeShard: (query, startMs, endMs, stepMs, opts, shard) => run('metricRangeShard', [query, startMs, endMs, stepMs, opts, shard]) as Promise<RangeResult>,
    rangeShardPromJson: (query, startMs, endMs, stepMs, shard) => run('metricRangeShardPromJson', [query, startMs, endMs, stepMs, shard]) as Promise<string>,
  };
}

/**
 * Cheap queries answered on the caller's own connection; everything else on the query threads.
 * The hop to a thread and back (0.2–0.8 ms measured) was as much as a one-series query's whole
 * evaluation and JSON (~0.3 ms). "Cheap" is counted, not guessed: at most CHEAP_SERIES series
 * and CHEAP_SAMPLES raw samples read (MetricQueryEngine.readsAtMost, a few bounded index
 * counts), so the caller's thread is never held more than a few milliseconds.
 */
export const CHEAP_SERIES = 8;
export const CHEAP_SAMPLES = 5_000;
/** Queries reading more raw samples than this are split over the threads where they allow. */
export const SPLIT_SAMPLES = 50_000;

export function routedMetricReads(threads: MetricReads, engine: MetricQueryEngine, shards = 1): MetricReads {
  const here = inlineMetricReads(engine);
  const cheap = (query: string, startMs: number, endMs: number) => engine.readsAtMost(query, startMs, endMs, CHEAP_SERIES, CHEAP_SAMPLES);
  /**
   * How a query splits over the threads (shard.ts), or null: ask one thread. Only when there is
   * enough to split: below SPLIT_SAMPLES raw samples (estimated from a few series: counting
   * them all cost 1.5 ms for a 100-series rate) the second hop and the combining cost about
   * what the other thread saves.
   */
  const splitPlan = (query: string, startMs: number, endMs: number): ShardPlan | null => {
    if (shards < 2 || !threads.rangeShard) return null;
    let plan: ShardPlan | null;
    try {
      plan = shardPlan(parseQuery(query));
    } catch {
      return null; // the thread answers the parse error, with its position
    }
    return plan && (engine.estimatedReads(query, startMs, endMs) ?? 0) > SPLIT_SAMPLES ? plan : null;
  };
  /** Every part settled before answering: a failed part (e.g. past the deadline) leaves no other running. */
  const all = async <T>(parts: Promise<T>[]): Promise<T[]> => {
    const settled = await Promise.allSettled(parts);
    const failed = settled.find((x) => x.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((x) => (x as PromiseFulfilledResult<T>).value);
  };
  const shardList = Array.from({ length: shards }, (_, index) => ({ index, of: shards }));
  const split = async (plan: ShardPlan, query: string, startMs: number, endMs: number, stepMs: number, opts: RangeOptions): Promise<RangeResult> => {
    const { maxPoints, ...rest } = opts;
    const r = combineShards(plan, await all(shardList.map((shard) => threads.rangeShard!(query, startMs, endMs, stepMs, rest, shard))));
    return maxPoints ? { ...r, series: r.series.map((s) => ({ labels: s.labels, points: downsample(s.points, maxPoints) })) } : r;
  };
  /** A union's parts write their own JSON: only strings cross back (as rangePromJson's do). */
  const splitJson = async (plan: ShardPlan, query: string, startMs: number, endMs: number, stepMs: number): Promise<string> => {
    if (plan.kind !== 'union' || !threads.rangeShardPromJson) return promMatrixJson(await split(plan, query, startMs, endMs, stepMs, {}));
    const parts = await all(shardList.map((shard) => threads.rangeShardPromJson!(query, startMs, endMs, stepMs, shard)));
    return promMatrixOf(parts.filter((p) => p !== '').join(','));
  };
  return {
    instant: (query, atMs) => (cheap(query, atMs, atMs) ? here : threads).instant(query, atMs),
    range: (query, startMs, endMs, stepMs, opts = {}) => {
      if (cheap(query, startMs, endMs)) return here.range(query, startMs, endMs, stepMs, opts);
      const plan = splitPlan(query, startMs, endMs);
      return plan ? split(plan, query, startMs, endMs, stepMs, opts) : threads.range(query, startMs, endMs, stepMs, opts);
    },
    rangePromJson: (query, startMs, endMs, stepMs) => {
      if (cheap(query, startMs, endMs)) return here.rangePromJson(query, startMs, endMs, stepMs);
      const plan = splitPlan(query, startMs, endMs);
      return plan ? splitJson(plan, query, startMs, endMs, stepMs) : threads.rangePromJson(query, startMs, endMs, stepMs);
    },
  };
}

/**
 * Reads that first wait until every sample answered so far can be read: a large batch is
 * answered once staged and moved to the samples table shortly after (ingest/staged-merge.ts).
 */
export function afterWrites(reads: MetricReads, visible: () => Promise<void>): MetricReads {
  return {
    instant: async (query, atMs) => {
      await visible();
      return reads.instant(query, atMs);
    },
    range: async (query, startMs, endMs, stepMs, opts) => {
      await visible();
      return reads.range(query, startMs, endMs, stepMs, opts);
    },
    rangePromJson: async (query, startMs, endMs, stepMs) => {
      await visible();
      return reads.rangePromJson(query, startMs, endMs, stepMs);
    },
  };
}
