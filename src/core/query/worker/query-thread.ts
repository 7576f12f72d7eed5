/**
 * A query thread: its own read-only SQLite connection, serving log reads so that a long scan
 * never blocks the thread that serves ingest, HTTP and the UI.
 *
 * Cancellation: better-sqlite3 cannot interrupt SQLite from another thread, and terminating a
 * worker does not stop a statement already inside SQLite (it runs to the end first). So the
 * reads carry a guard term that calls back into JS about every 1 024th row SQLite visits; past
 * the deadline it throws and SQLite abandons the statement — the scan really stops. Work done
 * before the first row (e.g. collecting a full-text match list) is not covered; for that the
 * pool terminates the thread after a grace period.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open';
import { LogsRepo } from '../../db/repos/logs';
import type { FromQueryThread, QueryThreadOptions } from './protocol';
import { logReadOps } from './log-reads';
import { MetricsRepo } from '../../db/repos/metrics';
import { MetricQueryEngine, type Shard } from '../metrics/index';
import { metricReadOps } from './metric-reads';
import { checkDeadline, serveQueries, withinBudget } from './serve';

const opts = workerData as QueryThreadOptions;
const port = parentPort!;
const db = openDatabase({ path: opts.dbPath, nativeBinding: opts.nativeBinding, readonly: true });
db.function('query_alive', { deterministic: false, directOnly: true }, () => {
  checkDeadline();
  return 1;
});
// `id & 1023` is free to compute; the JS call (~70 ns) happens on one visited row in 1 024.
const GUARD = '((l.id & 1023) <> 0 OR query_alive())';
const slow = (info: { label: string; ms: number; sql: string; plan: string[] }) => port.postMessage({ type: 'slow', info } satisfies FromQueryThread);
const metrics = new MetricsRepo(db);
/** One engine per series shard this thread is asked for (query/metrics/shard.ts). */
const shardEngines = new Map<string, MetricQueryEngine>();
const shardEngine = (shard: Shard): MetricQueryEngine => {
  const key = `${shard.index}/${shard.of}`;
  let e = shardEngines.get(key);
  if (!e) shardEngines.set(key, (e = MetricQueryEngine.forStore(metrics, checkDeadline, shard)));
  return e;
};
serveQueries(port, { ...logReadOps(new LogsRepo(db, slow, GUARD, withinBudget, opts.histogramExactMs)), ...metricReadOps(MetricQueryEngine.forStore(metrics, checkDeadline), shardEngine) });
