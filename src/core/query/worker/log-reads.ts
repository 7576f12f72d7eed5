/**
 * The log reads the API serves (search, histogram, facets, values, context), as one table of
 * operations over a LogsRepo. The query threads run this table on their own connection; without
 * threads (unit tests, tools) `inlineLogReads` runs it on the caller's.
 */
import type { ContextScope, GroupColumn, LogKey, LogsRepo } from '../../db/repos/logs';
import type { LogFilter } from '../log-filter';

export function logReadOps(repo: LogsRepo) {
  return {
    search: (filter: LogFilter, after: LogKey | null, limit: number) => repo.search(filter, after, limit),
    histogram: (filter: LogFilter, first: number, bucketMs: number, opts?: { exact?: boolean }) => repo.histogram(filter, first, bucketMs, opts),
    facets: (filter: LogFilter, limit: number) => repo.facets(filter, limit),
    countBy: (column: GroupColumn, filter: LogFilter, limit: number) => repo.countBy(column, filter, limit),
    /** The anchor line and its neighbours in one round trip; null when the line does not exist. */
    context: (id: number, scope: ContextScope, before: number, after: number) => {
      const anchor = repo.get(id);
      return anchor ? { anchor, ...repo.context(anchor, scope, before, after) } : null;
    },
  };
}

export type LogReadOps = ReturnType<typeof logReadOps>;
export type LogReadOp = keyof LogReadOps;
export const LOG_READ_OPS = ['search', 'histogram', 'facets', 'countBy', 'context'] as const satisfies readonly LogReadOp[];

/** The same operations, asynchronous: answered by a query thread or inline. */
export type LogReads = { [K in LogReadOp]: (...args: Parameters<LogReadOps[K]>) => Promise<ReturnType<LogReadOps[K]>> };

export function inlineLogReads(repo: LogsRepo): LogReads {
  const ops = logReadOps(repo);
  const out: Partial<Record<LogReadOp, (...args: never[]) => Promise<unknown>>> = {};
  for (const name of LOG_READ_OPS) {
    const op = ops[name] as (...args: unknown[]) => unknown;
    out[name] = async (...args: unknown[]) => op(...args);
  }
  return out as LogReads;
}

/** Operations sent to a pool of query threads by name. */
export function pooledLogReads(run: (op: LogReadOp, args: unknown[]) => Promise<unknown>): LogReads {
  const out: Partial<Record<LogReadOp, (...args: never[]) => Promise<unknown>>> = {};
  for (const name of LOG_READ_OPS) out[name] = (...args: unknown[]) => run(name, args);
  return out as LogReads;
}
