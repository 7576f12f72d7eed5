import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { QueryPool, type QueryPoolOptions } from '../../../../../src/core/query/worker/query-pool';
import { ApiError } from '../../../../../src/shared/api/errors';

// Real threads running the real worker side (serveQueries) under tsx, as the station's do from source.
const FIXTURE = new URL('./fixture-thread.ts', import.meta.url).href;
const spawn = () =>
  new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(FIXTURE)}); });`, { eval: true });

const tooExpensive = (ms: number) => new ApiError('query_too_expensive', `ran longer than ${ms} ms`);
let pool: QueryPool | null = null;
const start = async (opts: Partial<QueryPoolOptions> = {}) => (pool = await QueryPool.start({ size: 1, timeoutMs: 2000, spawn, tooExpensive, ...opts }));
afterEach(async () => {
  await pool?.close();
  pool = null;
});

const timedOut = async (p: Promise<unknown>) => {
  const t = performance.now();
  const e = await p.then(() => null, (err: unknown) => err);
  return { e, ms: performance.now() - t };
};

describe('QueryPool', () => {
  it('queues queries beyond its threads and answers each in order', async () => {
    const p = await start({ size: 1 });
    const answers = await Promise.all([1, 2, 3, 4].map((n) => p.run('echo', [{ n }])));
    expect(answers).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(p.stats).toMatchObject({ queued: 0, running: 0, cancelled_total: 0, restarts_total: 0 });
  });

  it('answers a query over its limit with tooExpensive at the limit; the thread stops it and serves the next', async () => {
    const p = await start({ timeoutMs: 200 });
    const { e, ms } = await timedOut(p.run('work', [5000]));
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'query_too_expensive', message: 'ran longer than 200 ms' });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(1500);
    await expect(p.run('echo', ['next'])).resolves.toBe('next');
    // Stopped by its own deadline check: no thread had to be replaced.
    expect(p.stats).toMatchObject({ cancelled_total: 1, restarts_total: 0 });
  });

  it('terminates and replaces a thread that does not stop within the grace period; queued queries are still answered', async () => {
    const p = await start({ timeoutMs: 150, graceMs: 200 });
    const stuck = p.run('stuck', [1500]);
    const queued = p.run('echo', ['after']);
    const { e, ms } = await timedOut(stuck);
    expect(e).toMatchObject({ code: 'query_too_expensive' });
    expect(ms).toBeLessThan(1000);
    await expect(queued).resolves.toBe('after');
    expect(p.stats.restarts_total).toBe(1);
  });

  it('another thread answers while one is busy', async () => {
    const p = await start({ size: 2, timeoutMs: 5000 });
    const slow = p.run('work', [1500]);
    const t = performance.now();
    await expect(p.run('echo', ['quick'])).resolves.toBe('quick');
    expect(performance.now() - t).toBeLessThan(1000);
    await expect(slow).resolves.toBe(true);
  });

  it('passes errors back: an ApiError keeps its code, anything else its message', async () => {
    const p = await start();
    await expect(p.run('refuse', ['q: no'])).rejects.toMatchObject({ name: 'ApiError', code: 'bad_request', message: 'q: no' });
    const e = await p.run('fail', ['disk on fire']).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(ApiError);
    expect((e as Error).message).toBe('disk on fire');
    await expect(p.run('nope', [])).rejects.toThrow('unknown query operation nope');
    await expect(p.run('echo', [1])).resolves.toBe(1);
  });

  it('a thread that dies fails only its own query and is restarted', async () => {
    const errors: Error[] = [];
    const p = await start({ onError: (e) => errors.push(e) });
    const crashed = p.run('crash', []);
    const queued = p.run('echo', ['survivor']);
    await expect(crashed).rejects.toMatchObject({ code: 'internal' });
    await expect(queued).resolves.toBe('survivor');
    expect(errors.map((e) => e.message)).toEqual(['query thread exited (code 3)']);
    expect(p.stats.restarts_total).toBe(1);
  });

  it('refuses beyond maxQueued with 429, and close() fails what is still waiting', async () => {
    const p = await start({ maxQueued: 1, timeoutMs: 5000 });
    const running = p.run('work', [300]);
    const waiting = p.run('echo', ['w']);
    await expect(p.run('echo', ['x'])).rejects.toMatchObject({ code: 'too_many_requests', retryAfter: 1 });
    const closing = p.close();
    await expect(waiting).rejects.toMatchObject({ code: 'unavailable' });
    await expect(running).rejects.toMatchObject({ code: 'unavailable' });
    await closing;
    await expect(p.run('echo', [1])).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('start() fails when a thread cannot start', async () => {
    const broken = () => new Worker('throw new Error("no database here")', { eval: true });
    await expect(QueryPool.start({ size: 1, timeoutMs: 100, spawn: broken, tooExpensive })).rejects.toThrow('no database here');
  });
});
