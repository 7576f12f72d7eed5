/**
 * buildLogWhere run against a real migrated SQLite (FTS5) database: the clauses must not only
 * look right, they must select the right rows, and no input may make the query fail.
 */
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import type { LogFilter } from '../../../../src/core/query/log-filter';
import { isApiError } from '../../../../src/shared/api/errors';
import { logRecord, memoryDb, prng } from '../fixtures';

let db: Database;
let logs: LogsRepo;

const ROWS = [
  logRecord({ timestamp: 1000, level: 'INFO', service: 'nav', spacecraft_id: 'voyager-1', source: 'gw-1', message: 'thermal control nominal' }),
  logRecord({ timestamp: 2000, level: 'WARN', service: 'power', spacecraft_id: 'voyager-2', message: 'battery voltage low' }),
  logRecord({ timestamp: 3000, level: 'ERROR', service: 'nav', spacecraft_id: 'cassini', message: 'reaction wheel stall detected' }),
  logRecord({ timestamp: 4000, level: 'CRITICAL', message: 'safe mode entered: thermostat fault' }),
  logRecord({ timestamp: 5000, level: 'DEBUG', service: 'sim', spacecraft_id: 'a*b', message: 'café "quoted" tick', metadata: '{"pass":42,"sensor":"bus B","ok":true}' }),
  logRecord({ timestamp: 6000, level: 'DEBUG', service: 'sim', spacecraft_id: 'axb', message: 'tick', metadata: '{"pass":"42","duration_ms":300,"nested":{"d":1.5}}' }),
];
const ALL = [6, 5, 4, 3, 2, 1];

beforeAll(() => {
  db = memoryDb();
  logs = new LogsRepo(db);
  db.transaction(() => ROWS.forEach((r) => logs.insert(r, r.timestamp)))();
});
afterAll(() => db.close());

const ids = (q: string) => logs.search({ q }, null, 100).map((e) => e.id);

describe('log search semantics on SQLite', () => {
  it.each<[string, number[]]>([
    ['thermal', [1]],
    ['therm*', [4, 1]],
    ['THERMAL', [1]],
    ['cafe', [5]],
    ['"wheel stall"', [3]],
    ['"stall wheel"', []],
    ['"quoted"', [5]],
    ['tick -café', [6]],
    ['-therm*', [6, 5, 3, 2]],
    ['NOT tick NOT therm*', [3, 2]],
    ['wheel AND stall', [3]],
    ['level:error', [3]],
    ['level>=error', [4, 3]],
    ['level<info', [6, 5]],
    ['-level:debug', [4, 3, 2, 1]],
    ['level>critical', []],
    ['service:nav', [3, 1]],
    ['-service:nav', [6, 5, 4, 2]],
    ['spacecraft:voyager-*', [2, 1]],
    ['spacecraft:a**', [5]],
    ['spacecraft:a?b', []],
    ['host:gw-1', [1]],
    ['level:bogus', []],
    ['foo:bar', []],
    ['( ) * - :', ALL],
    ['tick OR wheel', [6, 5, 3]],
    ['(tick OR wheel) -café', [6, 3]],
    ['service:nav OR level:critical', [4, 3, 1]],
    ['thermostat OR service:power', [4, 2]],
    ['-(service:sim OR level:info)', [4, 3, 2]],
    ['NOT (tick service:sim)', [4, 3, 2, 1]],
    ['-tick -therm*', [3, 2]],
    ['spacecraft:*', [6, 5, 3, 2, 1]],
    ['-spacecraft:*', [4]],
    ['meta.pass:42', [6, 5]],
    ['meta.pass:"42"', [6]],
    ['meta.pass>41', [5]],
    ['meta.duration_ms>250', [6]],
    ['meta.duration_ms<=250', []],
    ['-meta.duration_ms>250', [5, 4, 3, 2, 1]],
    ['meta.sensor:"bus B"', [5]],
    ['meta.sensor:bus*', [5]],
    ['meta.ok:true', [5]],
    ['meta.nested.d<2', [6]],
    ['meta.nested:*', [6]],
    ['meta.pass:* -tick', []],
    ['', ALL],
  ])('%j → rows %j', (q, expected) => {
    expect(ids(q)).toEqual(expected);
  });

  // `l.level NOT IN (NULL)` would be NULL for every row: "not above CRITICAL" must match everything.
  it.each(['-level>critical', 'NOT level<debug'])('%j (an empty negated level set) matches every row', (q) => {
    expect(ids(q)).toEqual(ALL);
  });

  it.each<[string, LogFilter['levels'], number[]]>([
    ['one level', ['WARN'], [2]],
    ['two levels', ['INFO', 'CRITICAL'], [4, 1]],
    ['all five', ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'], ALL],
    ['none', [], []],
    // Bug: five entries with repeats are taken for "all levels" (see log-filter.test.ts).
    ['ERROR five times', ['ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR'], [3]],
  ])('levels filter: %s', (_name, levels, expected) => {
    expect(logs.search({ levels }, null, 100).map((e) => e.id)).toEqual(expected);
  });

  it('counts what it searches', () => {
    expect(logs.count({ q: 'level>=warn -fault' })).toBe(2);
  });

  it('unbalanced parentheses are a bad_request naming the position', () => {
    expect(() => logs.search({ q: 'a (b' }, null, 1)).toThrow(/q: unbalanced parenthesis at position 2/);
  });
});

describe('log search never fails on odd input', () => {
  // Each of these once made LogsRepo.search throw (the reason is in the test name).
  it.each<[string, string]>([
    ['NUL inside a word ends the FTS5 string early ("unterminated string")', 'a\u0000b'],
    ['constructor: is read as a field (a prototype property of FIELD_ALIASES)', 'constructor:x'],
    ['__proto__: is read as a field (a prototype property of FIELD_ALIASES)', '__proto__:x'],
    ['level:constructor binds a function (a prototype property of LEVEL_ALIASES)', 'level:constructor'],
  ])('%s: %j', (_why, q) => {
    expect(() => logs.search({ q }, null, 10)).not.toThrow();
  });

  it('survives thousands of generated nasty queries (seeded)', () => {
    const pieces = [
      '"', '""', "'", '(', ')', '*', '**', '^', ':', '-', '+', 'NOT', 'AND', 'OR', 'NEAR(', 'NEAR/2', '{message}:',
      'message:', 'log_fts', 'rowid', '\\', '%', '_', '[', ']', '?', '{', '}', ',', ';', 'level:', 'level>=',
      'level<', '-level>', 'service:', 'constructor:', '__proto__:', 'level:constructor', 'spacecraft:', 'host:', 'trace_id:', 'request_id:', 'foo:', 'x*', 'therm',
      'tick', '1', 'é', 'ß', 'ошибка', '日本語', '🚀', '👩‍🚀', '\ud800', '\udfff', '\u200b', '\ufeff', '\u0000',
      ' ', ' ', ' ', '\t', '\n', "') OR 1=1 --", '"; DROP TABLE log_entries; --', "' UNION SELECT * FROM alert_rules --",
    ];
    const rand = prng(0x0b5e7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const generate = (): string => {
      const roll = rand();
      if (roll < 0.02) return pick(pieces).repeat(1 + Math.floor(rand() * 3000));
      if (roll < 0.1) return Array.from({ length: 1 + Math.floor(rand() * 40) }, () => String.fromCodePoint(Math.floor(rand() * 0x2ffff))).join('');
      return Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(pieces)).join('');
    };

    const failures = new Map<string, string>();
    for (let i = 0; i < 3000; i++) {
      const q = generate();
      try {
        logs.search({ q }, i % 2 ? { timestamp: 4000, id: 4 } : null, 5);
        logs.count({ q, levels: ['INFO', 'ERROR'], from: 0, to: 10_000 });
      } catch (e) {
        if (isApiError(e) && e.code === 'bad_request') continue;
        const key = (e as Error).message;
        if (!failures.has(key)) failures.set(key, JSON.stringify(q).slice(0, 120));
      }
    }
    // One example input per distinct error, so a failure reads as a list of bugs.
    expect(Object.fromEntries(failures)).toEqual({});
  });

  it('leaves the tables intact after the SQL-looking input', () => {
    logs.search({ q: '"; DROP TABLE log_entries; --' }, null, 1);
    expect(logs.search({}, null, 100)).toHaveLength(ROWS.length);
  });
});
