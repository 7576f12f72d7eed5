/** A query thread for the pool's tests: the real serveQueries with operations that misbehave on demand. */
import { parentPort } from 'node:worker_threads';
import { checkDeadline, serveQueries } from '../../../../../src/core/query/worker/serve';
import { ApiError } from '../../../../../src/shared/api/errors';

function spin(ms: number, cooperate: boolean): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    n++;
    if (cooperate && n % 1024 === 0) checkDeadline();
  }
  return n;
}

serveQueries(parentPort!, {
  echo: (value: unknown) => value,
  /** Works for `ms`, checking its deadline as the SQL guard does. */
  work: (ms: number) => spin(ms, true) > 0,
  /** Works for `ms` and never looks at its deadline: a statement stuck inside SQLite. */
  stuck: (ms: number) => spin(ms, false) > 0,
  fail: (message: string) => {
    throw new Error(message);
  },
  refuse: (message: string) => {
    throw new ApiError('bad_request', message);
  },
  crash: () => process.exit(3),
});
