/**
 * The worker side of a query thread, independent of what the queries are: run one request at a
 * time, each under a deadline that `checkDeadline` enforces (SQL calls it while it scans, see
 * query-thread.ts), and answer with the result or the failure as data.
 */
import type { MessagePort } from 'node:worker_threads';
import { isApiError } from '../../../shared/api/errors';
import type { FromQueryThread, QueryFailure, ToQueryThread } from './protocol';

/** Thrown inside a query once its deadline has passed; SQLite unwinds the statement. */
export class QueryCancelled extends Error {
  constructor() {
    super('query cancelled at its deadline');
    this.name = 'QueryCancelled';
  }
}

let deadline = Infinity;

/** Throws QueryCancelled once the running request is past its deadline. Cheap: one clock read. */
export function checkDeadline(): void {
  if (performance.now() > deadline) throw new QueryCancelled();
}

/**
 * Runs `read` under a deadline `ms` from now (never later than the request's own) and returns
 * its result, or undefined when that shorter deadline stopped it: a read can try the exact answer
 * first and fall back to a cheaper one (the log histogram's sample) within the same request.
 */
export function withinBudget<T>(ms: number, read: () => T): T | undefined {
  const own = deadline;
  deadline = Math.min(own, performance.now() + ms);
  try {
    return read();
  } catch (e) {
    if (e instanceof QueryCancelled && performance.now() <= own) return undefined;
    throw e;
  } finally {
    deadline = own;
  }
}

function failure(e: unknown): QueryFailure {
  if (e instanceof QueryCancelled) return { cancelled: true, message: e.message };
  if (isApiError(e)) return { api: e.toData(), message: e.message };
  return { message: e instanceof Error ? e.message : String(e) };
}

export type QueryOps = Record<string, (...args: never[]) => unknown>;

export function serveQueries(port: MessagePort, ops: QueryOps): void {
  const send = (m: FromQueryThread) => port.postMessage(m);
  port.on('message', (m: ToQueryThread) => {
    if (m.type !== 'run') return;
    const op = Object.hasOwn(ops, m.op) ? ops[m.op] : undefined;
    if (!op) {
      send({ type: 'error', id: m.id, error: { message: `unknown query operation ${m.op}` } });
      return;
    }
    deadline = performance.now() + m.timeoutMs;
    try {
      send({ type: 'result', id: m.id, value: (op as (...args: unknown[]) => unknown)(...m.args) });
    } catch (e) {
      send({ type: 'error', id: m.id, error: failure(e) });
    } finally {
      deadline = Infinity;
    }
  });
  send({ type: 'ready' });
}
