import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import type { HandlerContext } from '../../../../src/core/handlers/context';
import { logsHandlers } from '../../../../src/core/handlers/logs';
import type { InputOf } from '../../../../src/shared/api/contract';
import { ApiError } from '../../../../src/shared/api/errors';
import type { LogLevel } from '../../../../src/shared/api/schemas/logs';
import { logRecord, memoryDb } from '../fixtures';

const NOW = 100_000;
let db: Database;
let api: ReturnType<typeof logsHandlers>;

// Ten lines; timestamps repeat so that paging must break ties by id.
const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];
beforeAll(() => {
  db = memoryDb();
  const logs = new LogsRepo(db);
  for (let i = 0; i < 10; i++) {
    logs.insert(logRecord({ timestamp: 1000 * Math.floor(i / 3), level: LEVELS[i % 5]!, service: i % 2 ? 'nav' : 'power', message: `line ${i}` }), NOW);
  }
  api = logsHandlers({ repos: { logs }, now: () => NOW } as unknown as HandlerContext);
});
afterAll(() => db.close());

const search = (input: Partial<InputOf<'logs.search'>>) => api['logs.search'](input as InputOf<'logs.search'>);
const messages = async (input: Partial<InputOf<'logs.search'>>) => (await search({ limit: 100, ...input })).items.map((e) => e.message);

describe('logs.search', () => {
  it.each([1, 2, 3, 4, 9, 10, 11])('pages of %d visit every line once, newest first', async (limit) => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await search({ limit, ...(cursor ? { cursor } : {}) });
      expect(r.items.length).toBeLessThanOrEqual(limit);
      seen.push(...r.items.map((e) => e.id));
      if (!r.next_cursor) break;
      cursor = r.next_cursor;
    }
    expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('has no next page when the last page is exactly full', async () => {
    expect((await search({ limit: 10 })).next_cursor).toBeNull();
  });

  it.each(['garbage', Buffer.from('[1,"x"]').toString('base64url')])('refuses a cursor it did not issue (%j)', async (cursor) => {
    await expect(search({ cursor })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^cursor: /) });
  });

  it.each<[Partial<InputOf<'logs.search'>>, string[]]>([
    [{ level: 'warn' }, ['line 7', 'line 2']],
    [{ level: 'WARN, critical' }, ['line 9', 'line 7', 'line 4', 'line 2']],
    [{ min_level: 'error' }, ['line 9', 'line 8', 'line 4', 'line 3']],
    [{ level: 'info,error', min_level: 'warning' }, ['line 8', 'line 3']],
    [{ level: 'debug', min_level: 'error' }, []],
    [{ level: 'warn,,' }, ['line 7', 'line 2']],
    [{ service: 'nav', min_level: 'error' }, ['line 9', 'line 3']],
    [{ q: 'level>=error service:nav' }, ['line 9', 'line 3']],
    [{ from: '1000', to: '2000' }, ['line 8', 'line 7', 'line 6', 'line 5', 'line 4', 'line 3']],
    // Bug: five alias entries for two levels are taken for "all levels" (log-filter.ts).
    [{ level: 'err,error,ERROR,fatal,crit' }, ['line 9', 'line 8', 'line 4', 'line 3']],
  ])('%j', async (input, expected) => {
    expect(await messages(input)).toEqual(expected);
  });

  it.each<[Partial<InputOf<'logs.search'>>, RegExp]>([
    [{ level: 'loud' }, /^level: "loud" is not one of DEBUG, INFO, WARN, ERROR, CRITICAL/],
    [{ level: 'warn,nope' }, /^level: "nope"/],
    [{ min_level: 'sev3' }, /^min_level: "sev3"/],
    [{ from: 'soon' }, /^from: /],
    [{ from: 'now', to: 'now-1h' }, /^from: .*after its end/],
  ])('%j → bad_request', async (input, reason) => {
    const e = await search(input).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'bad_request', message: expect.stringMatching(reason) });
  });
});

describe('logs.values', () => {
  it('counts the values of a field, most frequent first', async () => {
    const r = await api['logs.values']({ field: 'service', limit: 50 });
    expect(r).toEqual({ field: 'service', values: [{ value: 'nav', count: 5 }, { value: 'power', count: 5 }] });
  });

  it('respects the range and the limit', async () => {
    const r = await api['logs.values']({ field: 'level', from: '2000', limit: 2 });
    expect(r.values).toEqual([{ value: 'CRITICAL', count: 1 }, { value: 'ERROR', count: 1 }]);
  });
});
