/**
 * LogsRepo.histogram drives the count from the full-text match list (a join) only where that list
 * bounds every counted row and no column but id and timestamp is read, and the counts are the
 * plain query's counts either way — also with the query thread's deadline guard, late lines
 * (old timestamps, high rowids) and time ranges.
 */
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogramSource } from '../../../../../src/core/db/repos/log-histogram-sql';
import type { TimeBudget } from '../../../../../src/core/db/repos/log-histogram';
import { LogsRepo } from '../../../../../src/core/db/repos/logs';
import { buildLogWhere, type LogFilter } from '../../../../../src/core/query/log-filter';
import type { LogLevel } from '../../../../../src/shared/api/schemas/logs';
import { logRecord, memoryDb, prng } from '../../fixtures';

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];
const WORDS = ['valve', 'thruster', 'nominal', 'downlink', 'wheel', 'battery'];
/** The query thread's guard, with a pure function in place of the deadline callback. */
const GUARD = '((l.id & 1023) <> 0 OR abs(1))';
let db: Database;

beforeAll(() => {
  db = memoryDb();
  const logs = new LogsRepo(db);
  const rnd = prng(13);
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const late = rnd() < 0.125;
    return logRecord({
      timestamp: Math.floor(i / 3) * 10 - (late ? Math.floor(rnd() * 4000) : 0),
      level: LEVELS[Math.floor(rnd() * 5)]!,
      service: rnd() < 0.5 ? 'nav' : 'power',
      metadata: i % 4 === 0 ? JSON.stringify({ duration_ms: i % 1000 }) : null,
      message: `${WORDS.filter(() => rnd() < 0.3).join(' ')} line ${i}`,
    });
  });
  db.transaction(() => logs.insertBatch(rows, 1))();
});
afterAll(() => db.close());

const DRIVEN: LogFilter[] = [
  { q: 'valve' },
  { q: 'valve', from: 100, to: 9000 },
  { q: 'valve wheel' },
  { q: 'valve OR wheel' },
  { q: 'thruster -nominal' },
  { q: 'batt*', from: -5000 },
  { q: 'nosuchword' },
];
const NOT_DRIVEN: LogFilter[] = [
  { q: '-valve', levels: ['WARN'] },
  { q: 'valve service:nav' },
  { q: 'valve', service: 'nav' },
  { q: 'valve OR level:error' },
  { q: 'valve meta.duration_ms>500' },
  { q: 'level:warn' },
  { q: 'valve wheel level>=warn' },
  { q: 'batt*', levels: ['ERROR', 'CRITICAL'], from: -5000 },
  {},
];
/** A narrow range: LogsRepo bounds the match list by rowids first (log-search-windows.ts). */
const NARROW: LogFilter[] = [{ from: 100, to: 7000 }, { from: -4000 }, { q: 'valve', from: 5000, to: 5400 }, { q: 'valve -wheel', from: 2000, to: 2000 }];
/** Level and time only: counted per bucket and level from the index (log-histogram.ts). */
const PER_BUCKET: LogFilter[] = [{ q: 'level:warn', from: -5000, to: 9000 }, { levels: ['ERROR', 'CRITICAL'], from: 0, to: 9999 }, { q: '-level:info', from: -5000, to: 9000 }];

describe('LogsRepo.histogram', () => {
  const driven = (where: string, guard?: string) => histogramSource(where, guard).startsWith('log_fts CROSS JOIN');
  it('is driven by the match list only for one positive list and no column but id and timestamp', () => {
    for (const f of DRIVEN) expect(driven(buildLogWhere(f).where), JSON.stringify(f)).toBe(true);
    for (const f of DRIVEN) expect(driven(`${buildLogWhere(f).where} AND ${GUARD}`, GUARD), JSON.stringify(f)).toBe(true);
    for (const f of NOT_DRIVEN) expect(driven(buildLogWhere(f).where), JSON.stringify(f)).toBe(false);
  });

  it('equals the plain count for every filter, with and without the guard', () => {
    const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    for (const guard of [undefined, GUARD]) {
      const repo = new LogsRepo(db, undefined, guard);
      for (const f of [...DRIVEN, ...NOT_DRIVEN, ...NARROW, ...PER_BUCKET]) {
        const { where, params } = buildLogWhere(f);
        const plain = db.prepare(`SELECT (l.timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, l.level AS level, count(*) AS n FROM log_entries l NOT INDEXED WHERE ${where} GROUP BY b, l.level`).all(-5000, 700, ...params);
        expect(sorted(repo.histogram(f, -5000, 700).rows), JSON.stringify(f)).toEqual(sorted(plain));
      }
    }
    // Not vacuous: the filters do match lines.
    expect(new LogsRepo(db).histogram({ q: 'valve' }, -5000, 700).rows.reduce((s, r) => s + r.n, 0)).toBeGreaterThan(500);
  });

  it('the driven query streams the matches into rowid lookups, with no temporary list (EXPLAIN)', () => {
    const { where, params } = buildLogWhere({ q: 'valve', from: 0, to: 1e12 });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT l.timestamp, l.level FROM ${histogramSource(where)}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    expect(plan[0]).toMatch(/^SCAN log_fts VIRTUAL TABLE INDEX \d+:M/);
    expect(plan[1]).toMatch(/^SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan.join(' | ')).not.toContain('LIST SUBQUERY');
  });

  it('counts a bare time range from the (level, timestamp) index alone, guard included (EXPLAIN)', () => {
    const { where, params } = buildLogWhere({ from: 100, to: 7000 });
    for (const guard of [undefined, GUARD]) {
      const w = guard ? `${where} AND ${guard}` : where;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT l.timestamp, l.level FROM ${histogramSource(w, guard)}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      expect(plan.join(' | ')).toMatch(/^SEARCH l USING COVERING INDEX log_entries_level_ts \(level=\? AND timestamp>\? AND timestamp<\?\)$/);
    }
  });
});

describe('LogsRepo.histogram, estimated from a sample', () => {
  const total = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);
  const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const RANGE = { from: -5000, to: 10_000 };
  let big: Database;

  beforeAll(() => {
    // 60 000 lines: enough rowid runs (128 each) for a sample of them to mean something.
    big = memoryDb();
    const rnd = prng(29);
    const rows = Array.from({ length: 60_000 }, (_, i) =>
      logRecord({
        timestamp: i - (rnd() < 0.1 ? Math.floor(rnd() * 20_000) : 0),
        level: LEVELS[Math.floor(rnd() * 5)]!,
        // A cycle of 4: a sampler taking id % 4 would count all of these or none.
        metadata: JSON.stringify({ duration_ms: i % 4 === 1 ? 900 + (i % 100) : 10 }),
        message: `${WORDS.filter(() => rnd() < 0.3).join(' ')} line ${i}`,
      }),
    );
    big.transaction(() => new LogsRepo(big).insertBatch(rows, 1))();
  });
  afterAll(() => big.close());

  it('counting every line (1 in 1) gives exactly the exact counts, in both sample forms', () => {
    for (const guard of [undefined, GUARD]) {
      const repo = new LogsRepo(db, undefined, guard);
      for (const f of [...DRIVEN, ...NOT_DRIVEN, ...NARROW]) {
        const ranged = { ...RANGE, ...f };
        const exact = repo.histogram(ranged, -5000, 700, { exact: true });
        const all = repo.histogram(ranged, -5000, 700, { every: 1 });
        expect(sorted(all.rows), JSON.stringify(f)).toEqual(sorted(exact.rows));
        expect(exact.every).toBe(1);
      }
    }
  });

  it('a 1-in-4 sample estimates the total within three standard errors, also for data in a cycle of 4', () => {
    const repo = new LogsRepo(big);
    const filters: LogFilter[] = [{ q: 'valve' }, { q: 'valve wheel' }, { q: 'whee*' }, { q: 'thruster', levels: ['INFO', 'WARN'] }, { q: 'meta.duration_ms>950' }, { q: '-valve', levels: ['WARN'] }, { levels: ['ERROR'] }];
    for (const f of filters) {
      const exact = total(repo.histogram({ from: -20_000, to: 60_000, ...f }, -20_000, 5000).rows);
      const est = repo.histogram({ from: -20_000, to: 60_000, ...f }, -20_000, 5000, { every: 4 });
      expect(est.every).toBe(4);
      expect(exact, JSON.stringify(f)).toBeGreaterThan(1000);
      // Lines here are independent of their neighbours, so runs of them count about like single
      // lines (Poisson): n lines counted put the estimate within 3/√n of the truth. Bursty data
      // would need a wider bound; the bench measures that on LogHub lines.
      const counted = total(est.rows) / 4;
      expect(Math.abs(total(est.rows) - exact) / exact, JSON.stringify(f)).toBeLessThan(3 / Math.sqrt(counted));
    }
  });

  it('a negated term over a cheap condition: the condition exactly, minus a sample of the overlap made exact while time allows', () => {
    const f = { from: -20_000, to: 60_000, q: '-valve', levels: ['WARN' as const] };
    const exact = new LogsRepo(big).histogram(f, -20_000, 5000);
    const split = new LogsRepo(big, undefined, undefined, (_ms, read) => read()).histogram(f, -20_000, 5000);
    expect(split.every).toBe(1);
    expect(sorted(split.rows)).toEqual(sorted(exact.rows));
    // Starved after the exact whole: 1 in 16 of the overlap, and the answer says it subtracted.
    let calls = 0;
    const est = new LogsRepo(big, undefined, undefined, (_ms, read) => (calls++ === 0 ? read() : undefined)).histogram(f, -20_000, 5000);
    expect(est).toMatchObject({ every: 16, subtracted: true });
    expect(Math.abs(total(est.rows) - total(exact.rows)) / total(exact.rows)).toBeLessThan(0.15);
  });

  it('a narrow range of a long store is counted exactly: a sample would read across the whole store', () => {
    const repo = new LogsRepo(big, undefined, undefined, () => undefined);
    const narrow = repo.histogram({ from: 10_000, to: 14_999, q: 'valve' }, 10_000, 500);
    expect(narrow.every).toBe(1);
    expect(narrow.rows).toEqual(new LogsRepo(big).histogram({ from: 10_000, to: 14_999, q: 'valve' }, 10_000, 500).rows);
  });

  it('tries the exact count within the budget and samples only when the budget runs out', () => {
    const repo = (budget: TimeBudget) => new LogsRepo(big, undefined, undefined, budget);
    const f = { from: -20_000, to: 60_000, q: 'valve' };
    const exact = new LogsRepo(big).histogram(f, -20_000, 5000);
    expect(exact.every).toBe(1);
    // Enough time: the exact count comes back as it is.
    expect(repo((_ms, read) => read()).histogram(f, -20_000, 5000)).toEqual(exact);
    // Out of time for everything: a sample of 1 in 16, not made denser (each step is budgeted too).
    const starved = repo(() => undefined).histogram(f, -20_000, 5000);
    expect(starved.every).toBe(16);
    expect(Math.abs(total(starved.rows) - total(exact.rows)) / total(exact.rows)).toBeLessThan(0.15);
    // Out of time for the exact count only: the sample gets denser while its budget lasts — on a
    // store this small, step by step up to every line, which must add up to the exact count.
    let calls = 0;
    const sampled = repo((_ms, read) => (calls++ === 0 ? undefined : read())).histogram(f, -20_000, 5000);
    expect(sampled.every).toBe(1);
    expect(sorted(sampled.rows)).toEqual(sorted(exact.rows));
    // Asked for exact: no budget is consulted.
    expect(repo(() => undefined).histogram(f, -20_000, 5000, { exact: true })).toEqual(exact);
  });
});
