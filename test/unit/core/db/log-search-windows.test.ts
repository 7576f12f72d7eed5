/**
 * The windowed newest-first search gives exactly what the plain query gives — for any query,
 * cursor and limit, also when lines arrive out of time order (late lines: old timestamps, high
 * rowids) — with windows small enough that every case crosses many of them.
 */
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFullText, narrowToTimeRange, oneMatchList, searchInWindows } from '../../../../src/core/db/repos/log-search-windows';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { buildLogWhere, type LogFilter } from '../../../../src/core/query/log-filter';
import type { LogLevel } from '../../../../src/shared/api/schemas/logs';
import { logRecord, memoryDb, prng } from '../fixtures';

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];
const WORDS = ['valve', 'thruster', 'nominal', 'downlink', 'wheel', 'battery'];
let db: Database;

beforeAll(() => {
  db = memoryDb();
  const logs = new LogsRepo(db);
  const rnd = prng(7);
  const rows = Array.from({ length: 3000 }, (_, i) => {
    // Mostly in order; one line in eight arrives late (up to ~40 % of the range older), and timestamps repeat.
    const late = rnd() < 0.125;
    const ts = Math.floor(i / 3) * 10 - (late ? Math.floor(rnd() * 4000) : 0);
    const words = WORDS.filter(() => rnd() < 0.3);
    return logRecord({
      timestamp: ts,
      level: LEVELS[Math.floor(rnd() * 5)]!,
      service: rnd() < 0.5 ? 'nav' : 'power',
      message: `${words.join(' ')} line ${i}${i % 500 === 0 ? ' needle' : ''}`,
    });
  });
  db.transaction(() => logs.insertBatch(rows, 1))();
});
afterAll(() => db.close());

/** The plain plan, as LogsRepo ran it before windows. */
function plain(filter: LogFilter, after: { timestamp: number; id: number } | null, limit: number): number[] {
  const { where, params } = buildLogWhere(filter);
  const page = after ? ' AND (l.timestamp < ? OR (l.timestamp = ? AND l.id < ?))' : '';
  const sql = `SELECT l.id FROM log_entries l WHERE ${where}${page} ORDER BY l.timestamp DESC, l.id DESC LIMIT ?`;
  return (db.prepare(sql).all(...params, ...(after ? [after.timestamp, after.timestamp, after.id] : []), limit) as { id: number }[]).map((r) => r.id);
}

function windowed(filter: LogFilter, after: { timestamp: number; id: number } | null, limit: number, firstWindow: number, firstMatches = 3): number[] {
  const { where, params } = buildLogWhere(filter);
  const page = after ? ' AND (l.timestamp < ? OR (l.timestamp = ? AND l.id < ?))' : '';
  const pageParams = [...params, ...(after ? [after.timestamp, after.timestamp, after.id] : [])];
  return searchInWindows<{ id: number; timestamp: number }>(db, `${where}${page}`, pageParams, filter, limit, { firstWindow, firstMatches, oneList: oneMatchList(where) }).map((r) => r.id);
}

const FILTERS: LogFilter[] = [
  { q: 'valve' },
  { q: 'needle' },
  { q: 'nosuchword' },
  { q: 'thruster -nominal' },
  { q: '-valve', levels: ['WARN'] },
  { q: 'valve OR wheel service:nav' },
  { q: 'batt* level>=error' },
  { q: '(valve OR battery) -(wheel OR downlink)' },
  { q: 'downlink', from: 5000, to: 7000 },
  { q: 'wheel', from: 9000 },
  { q: 'wheel', to: 2000 },
  { q: 'valve', from: 99_999 },
  { q: 'valve wheel -battery' },
  { q: '(valve -wheel) OR (battery -thruster) OR service:power' },
  { q: 'NOT (valve OR wheel) level:error' },
];

describe('searchInWindows', () => {
  it.each(FILTERS)('equals the plain plan for %j at every limit, window and cursor', (filter) => {
    expect(hasFullText(buildLogWhere(filter).where)).toBe(true);
    for (const limit of [1, 7, 100, 5000]) {
      for (const firstWindow of [1, 16, 250, 1 << 16]) {
        for (const firstMatches of [1, 5, 2000]) expect(windowed(filter, null, limit, firstWindow, firstMatches)).toEqual(plain(filter, null, limit));
      }
    }
    // Page through with a cursor taken from the plain plan's own rows.
    const first = plain(filter, null, 40);
    const cursorRow = first.length ? (db.prepare('SELECT timestamp, id FROM log_entries WHERE id = ?').get(first[first.length - 1]) as { timestamp: number; id: number }) : null;
    if (cursorRow) expect(windowed(filter, cursorRow, 40, 16)).toEqual(plain(filter, cursorRow, 40));
  });

  it('is what LogsRepo.search answers for full-text queries', () => {
    const repo = new LogsRepo(db);
    for (const f of FILTERS) expect(repo.search(f, null, 50).map((e) => e.id)).toEqual(plain(f, null, 50));
  });

  it('histogram and facet counts over a time range with text terms equal the plain counts', () => {
    const repo = new LogsRepo(db);
    const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const ranged = [...FILTERS.filter((f) => f.from !== undefined || f.to !== undefined), { q: 'valve -wheel', from: 0, to: 10_000 }, { q: 'needle', from: 2000, to: 2000 }];
    for (const f of ranged) {
      const { where, params } = buildLogWhere(f);
      const hist = db.prepare(`SELECT (l.timestamp - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, l.level AS level, count(*) AS n FROM log_entries l WHERE ${where} GROUP BY b, l.level`).all(0, 700, ...params);
      expect(sorted(repo.histogram(f, 0, 700).rows)).toEqual(sorted(hist));
      const facet = db.prepare(`SELECT l.service AS value, count(*) AS count FROM log_entries l WHERE ${where} AND l.service IS NOT NULL GROUP BY l.service ORDER BY count DESC, value LIMIT ?`).all(...params, 10);
      expect(repo.countBy('service', f, 10)).toEqual(facet);
    }
    // It does narrow where it can (a narrow range), and leaves queries without text or range alone.
    expect(narrowToTimeRange(db, buildLogWhere({ q: 'valve' }).where, { from: 5000, to: 7000 })?.rowids.hi).toBeGreaterThan(0);
    expect(narrowToTimeRange(db, buildLogWhere({ q: 'service:nav' }).where, { from: 5000, to: 7000 })).toBeNull();
    expect(narrowToTimeRange(db, buildLogWhere({ q: 'valve' }).where, {})).toBeNull();
  });

  it('reads each full-text subquery newest first from an upper rowid bound (cheap in FTS5), negated ones too', () => {
    const { where, params } = buildLogWhere({ q: 'valve -wheel service:nav' });
    expect(hasFullText(where)).toBe(true);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT l.* FROM log_entries l WHERE ${where.replaceAll('MATCH ?', 'MATCH ? AND rowid <= @hi ORDER BY rowid DESC LIMIT @n')} ORDER BY l.timestamp DESC LIMIT 5`).all(...params, { hi: 10, n: 5 }) as { detail: string }[]).map((r) => r.detail);
    // FTS5 reports M<n> (MATCH) and '<' (the upper rowid bound it consumed), and no '>' (a lower bound would cost a doclist pass).
    const fts = plan.filter((d) => d.includes('log_fts'));
    expect(fts.length).toBeGreaterThan(0);
    for (const d of fts) expect(d).toMatch(/VIRTUAL TABLE INDEX \d+:M\d+<$/);
  });
});
