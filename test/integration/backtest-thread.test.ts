/**
 * Backtests run on their own threads: against a real station (SQLite file, real HTTP) with a
 * week of history heavy enough that one evaluation takes tens to hundreds of milliseconds, the
 * station keeps answering health checks, ingest and cheap reads quickly while a backtest runs;
 * a cancel stops it and its thread is gone; at most two run, four wait, the rest get 429.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backtest } from '../../src/shared/api/schemas/alerts';
import { errorBody, postJson, postNdjsonGzip, startTestStation, type TestStation } from '../support/station';

const LINES = 400_000;
const WEEK = 7 * 86_400_000;
let s: TestStation;
let now = 0;

beforeAll(async () => {
  s = await startTestStation({ core: { alertIntervalMs: 60_000 } });
  now = Date.now();
  for (let start = 0; start < LINES; start += 20_000) {
    const lines = Array.from({ length: 20_000 }, (_, k) => {
      const i = start + k;
      return JSON.stringify({
        timestamp: now - WEEK + Math.floor((i * WEEK) / LINES),
        level: ['info', 'warn', 'error'][i % 3],
        service: `svc-${i % 5}`,
        message: `frame ${i} downlinked nominal`,
        metadata: { n: i, station: `dss-${i % 40}`, note: 'a fairly ordinary note' },
      });
    });
    const res = await postNdjsonGzip(s.url, lines);
    expect(res.status).toBe(202);
  }
}, 180_000);
afterAll(async () => s?.close());

/** A metadata condition over a window of up to a week: every evaluation reads JSON of many rows. */
const heavy = (window: string) => ({
  rule_name: 'Every frame', kind: 'log_match', condition: 'meta.n>=0 -meta.station:zzz*', operator: '>', threshold: 1e9, window, severity: 'info',
});

async function timed(url: string, init?: RequestInit): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
}
const getBacktest = async (id: number) => (await (await fetch(`${s.url}/alerts/backtests/${id}`)).json()) as Backtest;
const counters = async () =>
  ((await (await fetch(`${s.url}/metrics/system`)).json()) as { counters: Record<string, Record<string, number>> }).counters.backtests;
async function start(rule: object, step: string): Promise<Backtest> {
  // The stored week exactly, so the last step's window holds every frame.
  const res = await postJson(`${s.url}/alerts/backtests`, { rule, from: String(now - WEEK), to: String(now), step });
  expect(res.status).toBe(202);
  return (await res.json()) as Backtest;
}
async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('backtest on a thread', () => {
  it('replays a week while health checks, ingest and reads stay fast', async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const job = await start(heavy('7d'), '3h');
    const health: number[] = [];
    const ingest: number[] = [];
    const reads: number[] = [];
    let threadsSeen = 0;
    let b = job;
    for (let i = 0; b.state === 'running'; i++) {
      const h = await timed(`${s.url}/healthz`);
      expect(h.status).toBe(200);
      health.push(h.ms);
      const w = await timed(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `during backtest ${i}` }) });
      expect(w.status).toBe(202);
      ingest.push(w.ms);
      if (i % 10 === 0) threadsSeen = Math.max(threadsSeen, (await counters())?.threads ?? 0);
      const t = performance.now();
      b = await getBacktest(job.id);
      reads.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = performance.now() - started;
    loop.disable();

    expect(b.state, b.error ?? '').toBe('done');
    expect(b.points).toHaveLength(57);
    // At the last step the window holds every stored frame (the lines posted meanwhile have no meta.n).
    expect(b.points.at(-1)?.v).toBe(LINES);
    // Measurable work: on the core's thread, each of these evaluations would block it for as long.
    expect(elapsed / b.points.length).toBeGreaterThan(30);
    expect(health.length).toBeGreaterThan(5);
    const sorted = [...health].sort((x, y) => x - y);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] as number;
    const report = `health max ${sorted.at(-1)?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p50 ${sorted[sorted.length >> 1]?.toFixed(1)} ms over ${health.length}; ` +
      `ingest max ${Math.max(...ingest).toFixed(1)} ms; job read max ${Math.max(...reads).toFixed(1)} ms; event loop max ${(loop.max / 1e6).toFixed(1)} ms; backtest ${elapsed.toFixed(0)} ms for ${b.points.length} steps`;
    console.log(report);
    // The strict measures are the health check and the event-loop delay: the same replay inline
    // blocks this thread ~100–200 ms per evaluation, back to back (measured max 213 ms). The
    // maxima are looser: integration files run two at a time on 2 cores, so a lone request can
    // wait for the OS scheduler; a read and a commit also wait on SQLite and the writer thread.
    expect(p95, report).toBeLessThan(100);
    expect(Math.max(...health), report).toBeLessThan(250);
    expect(Math.max(...reads), report).toBeLessThan(250);
    expect(Math.max(...ingest), report).toBeLessThan(500);
    expect(loop.percentile(99) / 1e6, report).toBeLessThan(100);
    expect(threadsSeen).toBe(1);

    await until(async () => ((await counters())?.threads === 0 ? true : undefined));
  }, 120_000);

  it('cancel stops the replay within a moment; the thread is gone and the values stop growing', async () => {
    const job = await start(heavy('7d'), '30m');
    const running = await until(async () => {
      const b = await getBacktest(job.id);
      return b.points.length > 0 ? b : undefined;
    });
    expect(running.state).toBe('running');
    const asked = performance.now();
    const res = await postJson(`${s.url}/alerts/backtests/${job.id}/cancel`, {});
    expect(res.status).toBe(200);
    const cancelled = await until(async () => {
      const b = await getBacktest(job.id);
      return b.state !== 'running' ? b : undefined;
    });
    const ms = performance.now() - asked;
    console.log(`cancel answered in ${ms.toFixed(0)} ms (polled every 20 ms), after ${cancelled.points.length} of 337 steps`);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.progress).toBeLessThan(1);
    // Well inside the 2 s grace: the thread stopped by itself (the log scan's guard), not terminated.
    expect(ms).toBeLessThan(1500);
    await until(async () => ((await counters())?.threads === 0 ? true : undefined), 5000);
    expect(await counters()).toMatchObject({ running: 0, queued: 0, threads: 0, terminated_total: 0, crashed_total: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await getBacktest(job.id)).points).toHaveLength(cancelled.points.length);
  }, 60_000);

  it('runs two at once, queues four, refuses the seventh with 429; cancelling frees every slot', async () => {
    const jobs: Backtest[] = [];
    for (let i = 0; i < 6; i++) jobs.push(await start(heavy('7d'), '30m'));
    const refused = await postJson(`${s.url}/alerts/backtests`, { rule: heavy('7d'), step: '30m' });
    expect(refused.status).toBe(429);
    expect(await errorBody(refused)).toMatchObject({ code: 'too_many_requests' });
    expect(refused.headers.get('retry-after')).toBe('5');
    const busy = await counters();
    expect(busy).toMatchObject({ running: 2, queued: 4 });
    expect(busy?.threads).toBeLessThanOrEqual(2);
    expect(jobs.map((j) => j.state)).toEqual(Array(6).fill('running'));

    for (const j of jobs) expect((await postJson(`${s.url}/alerts/backtests/${j.id}/cancel`, {})).status).toBe(200);
    // The queued ones end at once; the running ones as soon as their threads notice.
    const ended = await Promise.all(jobs.map((j) => until(async () => {
      const b = await getBacktest(j.id);
      return b.state !== 'running' ? b : undefined;
    })));
    expect(ended.map((b) => b.state)).toEqual(Array(6).fill('cancelled'));
    await until(async () => ((await counters())?.threads === 0 ? true : undefined), 5000);
    expect(await counters()).toMatchObject({ running: 0, queued: 0, threads: 0 });
  }, 60_000);
});
