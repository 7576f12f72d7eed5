/**
 * A backtest thread: one job, its own read-only SQLite connection (WAL lets it read while the
 * writer thread commits), so replaying days of history never blocks the thread that serves
 * ingest, HTTP and the UI. It posts what it measured as it goes and exits when the job ends.
 *
 * Cancelling: the core's thread sets a shared flag. The replay reads it between evaluations, and
 * log reads check it inside SQLite (backtest-context.ts), so a long count stops mid-statement.
 * Metric reads have no such guard: they stop at the next evaluation, and the runner terminates a
 * thread that does not stop in time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/open';
import { backtestKindContext } from './backtest-context';
import type { BacktestThreadData, FromBacktestThread } from './backtest-protocol';
import { replayRule } from './backtest-replay';

const job = workerData as BacktestThreadData;
const port = parentPort!;
const send = (m: FromBacktestThread) => port.postMessage(m);
const flag = new Int32Array(job.cancel);
const cancelled = () => Atomics.load(flag, 0) !== 0;

async function main(): Promise<void> {
  let db: Database | null = null;
  try {
    db = openDatabase({ path: job.dbPath, nativeBinding: job.nativeBinding, readonly: true });
    const ctx = backtestKindContext(db, cancelled);
    const state = await replayRule(ctx, job.rule, job.range, { cancelled, report: (delta) => send({ type: 'progress', delta }) });
    send({ type: 'end', state });
  } catch (e) {
    // The guard's throw reaches us rethrown by SQLite: the flag says what it was.
    if (cancelled()) send({ type: 'end', state: 'cancelled' });
    else send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    // No listener keeps the thread alive: it exits now, and the runner frees the slot on 'exit'.
    db?.close();
  }
}

void main();
