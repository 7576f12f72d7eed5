/**
 * Log reads off the main thread: a pool of query threads (query-thread.ts) over the station's
 * database, each query limited in time. See README.md beside this file.
 */
import { startWorkerThread } from '../../worker-thread-entry';
import { ApiError } from '../../../shared/api/errors';
import type { SlowQueryInfo, QueryThreadOptions } from './protocol';
import { pooledLogReads, type LogReads } from './log-reads';
import { QueryPool, type QueryPoolStats } from './query-pool';
import { pooledMetricReads, type MetricReads } from './metric-reads';

export const DEFAULT_QUERY_TIMEOUT_MS = 2000;
export const DEFAULT_QUERY_THREADS = 2;

/** What an operator can do about a query that was too expensive, in their words. */
export function queryTooExpensive(timeoutMs: number): ApiError {
  const limit = timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`;
  return new ApiError(
    'query_too_expensive',
    `This query ran longer than ${limit} and was stopped, so it could not slow down the station. ` +
      'Narrow it: pick a shorter time range, add a field filter such as service:… or level:error, ' +
      'and prefer rare words over very common ones and whole words over short prefixes (e.g. therm*).',
  );
}

export interface LogQueryThreads {
  reads: LogReads;
  /** Metric instant and range queries on the same threads (metric-reads.ts). */
  metricReads: MetricReads;
  /** How many threads: a metric query may be split over as many (metric-reads.ts). */
  size: number;
  stats(): QueryPoolStats;
  close(): Promise<void>;
}

export interface LogQueryThreadOptions extends QueryThreadOptions {
  threads?: number;
  timeoutMs?: number;
  onSlow?: (info: SlowQueryInfo) => void;
  onError?: (e: Error) => void;
}

export async function startLogQueryThreads(opts: LogQueryThreadOptions): Promise<LogQueryThreads> {
  const workerData: QueryThreadOptions = { dbPath: opts.dbPath, nativeBinding: opts.nativeBinding, histogramExactMs: opts.histogramExactMs };
  const size = opts.threads ?? DEFAULT_QUERY_THREADS;
  const pool = await QueryPool.start({
    size,
    timeoutMs: opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    spawn: () => startWorkerThread(import.meta.url, 'query-worker.js', './query-thread.ts', workerData),
    tooExpensive: queryTooExpensive,
    ...(opts.onSlow ? { onSlow: opts.onSlow } : {}),
    ...(opts.onError ? { onError: opts.onError } : {}),
  });
  return {
    reads: pooledLogReads((op, args) => pool.run(op, args)),
    metricReads: pooledMetricReads((op, args) => pool.run(op, args)),
    size,
    stats: () => pool.stats,
    close: () => pool.close(),
  };
}
