/**
 * Metric queries (instant and range) as operations the query threads serve, so a 30-day
 * evaluation runs on a thread's read-only connection under the same deadline as log reads
 * instead of blocking the thread that serves ingest, HTTP and the UI. Without threads (unit
 * tests, tools) `inlineMetricReads` runs them on the caller's engine.
 */
import type { InstantResult, MetricQueryEngine, RangeResult, Resolution } from '../metrics/index';
import { promMatrixJson } from '../metrics/prometheus-json';

export interface RangeOptions {
  maxPoints?: number;
  resolution?: Resolution;
}

export function metricReadOps(engine: MetricQueryEngine) {
  return {
    metricInstant: (query: string, atMs: number): InstantResult => engine.instant(query, atMs),
    metricRange: (query: string, startMs: number, endMs: number, stepMs: number, opts: RangeOptions): RangeResult => engine.range(query, startMs, endMs, stepMs, opts),
    metricRangePromJson: (query: string, startMs: number, endMs: number, stepMs: number): string => promMatrixJson(engine.range(query, startMs, endMs, stepMs)),
  };
}

export const METRIC_READ_OPS = ['metricInstant', 'metricRange', 'metricRangePromJson'] as const;

export interface MetricReads {
  instant(query: string, atMs: number): Promise<InstantResult>;
  range(query: string, startMs: number, endMs: number, stepMs: number, opts?: RangeOptions): Promise<RangeResult>;
  /** The range answer as the JSON text of Prometheus's query_range `data` (prometheus-json.ts). */
  rangePromJson(query: string, startMs: number, endMs: number, stepMs: number): Promise<string>;
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

export function routedMetricReads(threads: MetricReads, engine: MetricQueryEngine): MetricReads {
  const here = inlineMetricReads(engine);
  const cheap = (query: string, startMs: number, endMs: number) => engine.readsAtMost(query, startMs, endMs, CHEAP_SERIES, CHEAP_SAMPLES);
  return {
    instant: (query, atMs) => (cheap(query, atMs, atMs) ? here : threads).instant(query, atMs),
    range: (query, startMs, endMs, stepMs, opts) => (cheap(query, startMs, endMs) ? here : threads).range(query, startMs, endMs, stepMs, opts),
    rangePromJson: (query, startMs, endMs, stepMs) => (cheap(query, startMs, endMs) ? here : threads).rangePromJson(query, startMs, endMs, stepMs),
  };
}
