/**
 * Backtest jobs over a real SQLite file: a real backtest thread (under tsx, as the station's from
 * source) answers exactly what the same replay gives inline, for every backtestable kind; and the
 * runner survives threads that cannot open the database, crash, exit or ignore a cancel.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestRunner, type BacktestRule } from '../../../../src/core/alerts/backtest';
import { backtestKindContext } from '../../../../src/core/alerts/backtest-context';
import { ruleKind } from '../../../../src/core/alerts/kinds';
import type { KindContext } from '../../../../src/core/alerts/kinds/types';
import { openDatabase } from '../../../../src/core/db/open';
import { AlertDataRepo } from '../../../../src/core/db/repos/alert-data';
import { EndpointsRepo, SpacecraftRepo } from '../../../../src/core/db/repos/fleet';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { MetricsRepo } from '../../../../src/core/db/repos/metrics';
import { MetricQueryEngine } from '../../../../src/core/query/metrics/index';
import type { Backtest } from '../../../../src/shared/api/schemas/alerts';
import { isApiError } from '../../../../src/shared/api/errors';
import { tempDir } from '../../../support/station';
import { logRecord } from '../fixtures';

const T0 = 1_795_428_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;
let dir: string;
let dbPath: string;
let db: Database;
let ctx: KindContext;

beforeAll(() => {
  dir = tempDir('observatory-backtest-');
  dbPath = join(dir, 'observatory.db');
  db = openDatabase({ path: dbPath });
  const logs = new LogsRepo(db);
  const metrics = new MetricsRepo(db);
  db.transaction(() => {
    // Three bursts of 5 valve lines (hours 2, 5, 9) among routine lines every minute.
    const rows = [];
    for (let m = 0; m < 12 * 60; m++) rows.push(logRecord({ timestamp: T0 + m * MIN, message: `telemetry nominal ${m}` }));
    for (const h of [2, 5, 9]) for (let i = 0; i < 5; i++) rows.push(logRecord({ timestamp: T0 + h * HOUR + i * 1000, level: 'ERROR', message: `valve stuck ${i}` }));
    logs.insertBatch(rows, 1);
  })();
  // Two tanks sampled every minute; tank b overheats in hours 3 and 7; samples stop after hour 10.
  // One line pressure, jumping by 60 for 20 minutes in hours 4 and 8.
  const samples = [];
  for (let m = 0; m < 10 * 60; m++) {
    const hot = (h: number) => m >= h * 60 && m < h * 60 + 20;
    samples.push({ metric_name: 'tank.temp', value: 20 + (m % 5), unit: null, timestamp: T0 + m * MIN, source_system: null, tags: JSON.stringify({ tank: 'a' }) });
    samples.push({ metric_name: 'tank.temp', value: hot(3) || hot(7) ? 90 : 21, unit: null, timestamp: T0 + m * MIN, source_system: null, tags: JSON.stringify({ tank: 'b' }) });
    samples.push({ metric_name: 'line.pressure', value: hot(4) || hot(8) ? 160 : 100, unit: null, timestamp: T0 + m * MIN, source_system: null, tags: null });
  }
  metrics.insertMany(samples);
  ctx = { logs, metrics, spacecraft: new SpacecraftRepo(db), endpoints: new EndpointsRepo(db), data: new AlertDataRepo(db), metricQuery: MetricQueryEngine.forStore(metrics) };
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rule = (o: Partial<BacktestRule>): BacktestRule => ({
  kind: 'log_match', condition: 'valve', operator: '>', threshold: 3, clear_threshold: null, measure: 'count',
  window_ms: 10 * MIN, for_ms: 0, keep_firing_for_ms: 0, m: 1, n: 1, latching: false, ...o,
});
const FROM = T0;
const TO = T0 + 12 * HOUR;
const threaded = (extra: Partial<Parameters<BacktestRunner['runOnThreads']>[0]> = {}) => {
  const r = new BacktestRunner(() => ctx);
  r.runOnThreads({ dbPath, graceMs: 200, ...extra });
  return r;
};
const withoutId = ({ id: _id, ...b }: Backtest) => b;
async function until(fn: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('backtest thread', () => {
  const cases: [string, BacktestRule, number][] = [
    ['log_match count', rule({}), 3],
    ['log_match rate', rule({ measure: 'rate', threshold: 0.3 }), 3],
    ['metric_threshold aggregate', rule({ kind: 'metric_threshold', condition: 'max(tank.temp)', threshold: 50 }), 2],
    ['metric_threshold query, one alarm per tank', rule({ kind: 'metric_threshold', condition: 'max by (tank) (max_over_time(tank.temp[5m]))', threshold: 50, for_ms: 5 * MIN }), 2],
    ['rate_of_change', rule({ kind: 'rate_of_change', condition: 'delta(line.pressure)', threshold: 40, window_ms: 5 * MIN }), 2],
    ['absence of a metric', rule({ kind: 'absence', condition: 'metric tank.temp', threshold: 600 }), 1],
    ['absence of log lines', rule({ kind: 'absence', condition: 'log valve', threshold: 2 * 3600, m: 2, n: 3 }), 3],
  ];
  it.each(cases)('%s: the thread answers exactly what the inline replay does', async (_name, r, fired) => {
    const inline = new BacktestRunner(() => ctx);
    const onThread = threaded();
    const a = inline.start(r, FROM, TO, MIN);
    const b = onThread.start(r, FROM, TO, MIN);
    const [ia, tb] = [await inline.wait(a.id), await onThread.wait(b.id)];
    expect(tb?.state, tb?.error ?? '').toBe('done');
    expect(withoutId(tb as Backtest)).toEqual(withoutId(ia as Backtest));
    expect(tb?.fired).toBe(fired);
    expect(tb?.points).toHaveLength(12 * 60 + 1);
    await until(() => onThread.stats().threads === 0);
    expect(onThread.stats()).toEqual({ running: 0, queued: 0, threads: 0, crashed_total: 0, terminated_total: 0 });
    await onThread.close();
  }, 30_000);

  it('a thread that cannot open the database fails its job with the reason', async () => {
    const r = threaded({ dbPath: join(dir, 'missing', 'observatory.db') });
    const done = await r.wait(r.start(rule({}), FROM, TO, MIN).id);
    expect(done).toMatchObject({ state: 'failed', points: [] });
    expect(done?.error).toMatch(/unable to open database|directory does not exist/i);
    await until(() => r.stats().threads === 0);
    await r.close();
  }, 30_000);

  it('a thread that crashes or exits early fails its job; the runner serves the next one', async () => {
    const errors: Error[] = [];
    let next = 'throw new Error("native module went away")';
    const r = threaded({ onError: (e) => errors.push(e), spawn: () => new Worker(next, { eval: true }) });
    const crashed = await r.wait(r.start(rule({}), FROM, TO, MIN).id);
    expect(crashed).toMatchObject({ state: 'failed', error: 'the backtest thread crashed: native module went away' });
    expect(errors.map((e) => e.message)).toEqual(['native module went away']);
    next = 'process.exit(3)';
    const exited = await r.wait(r.start(rule({}), FROM, TO, MIN).id);
    expect(exited?.state).toBe('failed');
    expect(exited?.error).toMatch(/exit code 3\) before finishing/);
    await until(() => r.stats().threads === 0);
    expect(r.stats()).toMatchObject({ running: 0, crashed_total: 2 });
    await r.close();
  }, 30_000);

  it('cancel: a thread that does not stop by itself is terminated after the grace period', async () => {
    // Stands in for a thread stuck in one long read: it never looks at the cancel flag.
    const r = threaded({ graceMs: 150, spawn: () => new Worker('for (;;) {}', { eval: true }) });
    const job = r.start(rule({}), FROM, TO, MIN);
    await until(() => r.stats().threads === 1);
    const asked = performance.now();
    expect(r.cancel(job.id)?.state).toBe('running');
    await until(() => r.get(job.id)?.state !== 'running');
    expect(performance.now() - asked).toBeGreaterThanOrEqual(140);
    expect(r.get(job.id)?.state).toBe('cancelled');
    await until(() => r.stats().threads === 0);
    expect(r.stats()).toMatchObject({ running: 0, terminated_total: 1, crashed_total: 0 });
    await r.close();
  }, 30_000);

  it('cancel: the real thread stops by itself, keeping what it measured so far', async () => {
    const r = threaded({ graceMs: 10_000 });
    // One evaluation per second over 12 h: far longer than the test waits.
    const job = r.start(rule({ window_ms: 6 * HOUR }), FROM, TO, 1000);
    await until(() => (r.get(job.id)?.points.length ?? 0) > 0);
    r.cancel(job.id);
    await until(() => r.get(job.id)?.state !== 'running', 2000);
    const b = r.get(job.id) as Backtest;
    expect(b.state).toBe('cancelled');
    expect(b.progress).toBeLessThan(1);
    await until(() => r.stats().threads === 0, 2000);
    expect(r.stats().terminated_total).toBe(0);
    expect(r.get(job.id)?.points).toHaveLength(b.points.length);
    await r.close();
  }, 30_000);
});

describe('backtest context', () => {
  it('log reads stop mid-scan once the job is cancelled, and count every row until then', () => {
    const mem = openDatabase({ path: ':memory:' });
    new LogsRepo(mem).insertBatch(Array.from({ length: 5000 }, (_, i) => logRecord({ timestamp: T0 + i, message: `frame ${i}` })), 1);
    let stop = false;
    const c = backtestKindContext(mem, () => stop);
    const r = rule({ condition: 'level:INFO', window_ms: HOUR });
    expect(ruleKind('log_match').evaluate(c, r, T0 + 10_000).series[0]?.value).toBe(5000);
    stop = true;
    // 5 000 rows: the guard asks at rows 1 024, 2 048, … and the first answer already stops it.
    expect(() => ruleKind('log_match').evaluate(c, r, T0 + 10_000)).toThrow(/backtest cancelled/);
    expect(() => c.logs.search({ q: 'frame', to: T0 + 10_000 }, null, 10_000)).toThrow(/backtest cancelled/);
    mem.close();
  });
});

describe('backtest limits (inline)', () => {
  it('runs at most `running` jobs, queues `queued` more, refuses the rest with 429; a queued job cancels at once', async () => {
    const r = new BacktestRunner(() => ctx, { running: 1, queued: 1 });
    const first = r.start(rule({}), FROM, TO, 1000);
    const second = r.start(rule({}), FROM, TO, MIN);
    expect(r.stats()).toMatchObject({ running: 1, queued: 1 });
    let refused: unknown;
    try {
      r.start(rule({}), FROM, TO, MIN);
    } catch (e) {
      refused = e;
    }
    expect(isApiError(refused) && refused.status).toBe(429);
    expect(r.cancel(second.id)?.state).toBe('cancelled');
    expect(r.stats()).toMatchObject({ running: 1, queued: 0 });
    r.cancel(first.id);
    expect((await r.wait(first.id))?.state).toBe('cancelled');
    expect(r.stats()).toMatchObject({ running: 0, queued: 0 });
    const third = r.start(rule({}), FROM, TO, MIN);
    expect((await r.wait(third.id))?.fired).toBe(3);
  });

  it('close cancels running and queued jobs and refuses new ones', async () => {
    const r = new BacktestRunner(() => ctx, { running: 1, queued: 2 });
    const a = r.start(rule({}), FROM, TO, 1000);
    const b = r.start(rule({}), FROM, TO, 1000);
    await r.close();
    expect([r.get(a.id)?.state, r.get(b.id)?.state]).toEqual(['cancelled', 'cancelled']);
    expect(r.get(a.id)?.error).toBe('the station shut down');
    expect(() => r.start(rule({}), FROM, TO, MIN)).toThrow(/shutting down/);
  });
});
