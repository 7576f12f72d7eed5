import { describe, expect, it } from 'vitest';
import {
  buildLogWhere,
  decodeCursor,
  encodeCursor,
  ftsString,
  type LogFilter,
  type SqlWhere,
} from '../../../../src/core/query/log-filter';

const IN = 'l.id IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)';
const NOT_IN = 'l.id NOT IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)';
const where = (...clauses: string[]) => clauses.join(' AND ');
const sql = (w: string, params: unknown[]): SqlWhere => ({ where: w, params, hints: [] });
const jt = (p: string) => `json_type(l.metadata, '$.${p}')`;
const jx = (p: string) => `json_extract(l.metadata, '$.${p}')`;

describe('ftsString', () => {
  it.each<[string, string, boolean, string | null]>([
    ['a word is quoted', 'thermal', false, '"thermal"'],
    ['a prefix is "x"*', 'therm', true, '"therm"*'],
    ['inner quotes are doubled', 'say "hi"', false, '"say ""hi"""'],
    ['FTS5 syntax stays inside the quotes', 'NEAR(a b) x:y ^z', false, '"NEAR(a b) x:y ^z"'],
    ['NUL becomes a space', 'a\u0000b', false, '"a b"'],
    ['punctuation only → null', '--', false, null],
    ['emoji only → null', '🚀🛰️', false, null],
  ])('%s', (_name, text, prefix, expected) => {
    expect(ftsString({ text, prefix })).toBe(expected);
  });
});

describe('buildLogWhere: the query language as SQL', () => {
  it.each<[string, string, SqlWhere]>([
    ['an empty query', '', sql('1', [])],
    ['one word', 'thermal', sql(IN, ['"thermal"'])],
    ['words are one MATCH', 'thermal fault', sql(IN, ['("thermal" AND "fault")'])],
    ['a phrase', '"reaction wheel"', sql(IN, ['"reaction wheel"'])],
    ['a word with an inner quote', 'say"hi', sql(IN, ['"say""hi"'])],
    ['a prefix', 'therm*', sql(IN, ['"therm"*'])],
    ['a negative word alone', '-debug', sql(NOT_IN, ['"debug"'])],
    ['negatives alone: one NOT IN of an OR', '-a NOT b', sql(NOT_IN, ['("a" OR "b")'])],
    ['positive and negative: FTS5 NOT', 'fault -sim', sql(IN, ['("fault" NOT "sim")'])],
    ['OR of words: one MATCH', 'a OR b', sql(IN, ['("a" OR "b")'])],
    ['grouping inside one MATCH', '(a OR b) c -d', sql(IN, ['((("a" OR "b") AND "c") NOT "d")'])],
    ['a negated group', '-(a b)', sql(NOT_IN, ['("a" AND "b")'])],
    ['FTS5 operators are quoted', 'NEAR(a) ^d "x:y" {message}', sql(IN, ['("NEAR(a)" AND "^d" AND "x:y" AND "{message}")'])],
    ['OR of fields is a SQL OR', 'service:nav OR level:error', sql('(l.service = ? OR l.level IN (?))', ['nav', 'ERROR'])],
    ['text OR field', 'foo OR service:nav', sql(`(${IN} OR l.service = ?)`, ['"foo"', 'nav'])],
    ['text OR negated text', 'x OR -y', sql(`(${IN} OR ${NOT_IN})`, ['"x"', '"y"'])],
    ['text ORs merge beside a field', 'a OR service:x OR b', sql(`(l.service = ? OR ${IN})`, ['x', '("a" OR "b")'])],
    ['negation pushed through a mixed group', 'NOT (a OR service:x)', sql(`(${NOT_IN} AND (l.service IS NULL OR NOT (l.service = ?)))`, ['"a"', 'x'])],
    ['negated AND with a field → OR', '-(a service:x)', sql(`(${NOT_IN} OR (l.service IS NULL OR NOT (l.service = ?)))`, ['"a"', 'x'])],
    ['the example', '(thruster OR valve) -nominal level>=warn', sql(`(l.level IN (?,?,?) AND ${IN})`, ['WARN', 'ERROR', 'CRITICAL', '(("thruster" OR "valve") NOT "nominal")'])],
  ])('%s: %j', (_name, q, expected) => {
    expect(buildLogWhere({ q })).toEqual(expected);
  });

  it.each<[string, string, SqlWhere]>([
    ['level:error', 'level:error', sql('l.level IN (?)', ['ERROR'])],
    ['level>=warn', 'level>=warn', sql('l.level IN (?,?,?)', ['WARN', 'ERROR', 'CRITICAL'])],
    ['an empty level set matches nothing', 'level>critical', sql('0', [])],
    ['its negation matches everything', '-level<debug', sql('1', [])],
    ['-level:debug', '-level:debug', sql('l.level NOT IN (?)', ['DEBUG'])],
    ['service:nav', 'service:nav', sql('l.service = ?', ['nav'])],
    ['host: → source', 'host:gw', sql('l.source = ?', ['gw'])],
    ['request_id:', 'request_id:r1', sql('l.request_id = ?', ['r1'])],
    ['trace_id:', 'trace_id:t1', sql('l.trace_id = ?', ['t1'])],
    ['spacecraft prefix → GLOB', 'spacecraft:voyager-*', sql('l.spacecraft_id GLOB ?', ['voyager-*'])],
    ['GLOB escapes [ * ?', 'spacecraft:a[b*c?d*', sql('l.spacecraft_id GLOB ?', ['a[[]b[*]c[?]d*'])],
    ['field:* exists', 'spacecraft:*', sql('l.spacecraft_id IS NOT NULL', [])],
    ['-field:* is NULL', '-trace_id:*', sql('l.trace_id IS NULL', [])],
    ['a negated field keeps NULLs', '-service:nav', sql('(l.service IS NULL OR NOT (l.service = ?))', ['nav'])],
    ['SQL in a value is only a parameter', `service:"')--"`, sql('l.service = ?', ["')--"])],
    ['meta number: = as number or text', 'meta.pass:42', sql(`((${jt('pass')} IN ('integer','real') AND ${jx('pass')} = ?) OR (${jt('pass')} = 'text' AND ${jx('pass')} = ?))`, [42, '42'])],
    ['meta quoted text', 'meta.sensor:"bus B"', sql(`(${jt('sensor')} = 'text' AND ${jx('sensor')} = ?)`, ['bus B'])],
    ['meta numeric >', 'meta.duration_ms>250', sql(`(${jt('duration_ms')} IN ('integer','real') AND ${jx('duration_ms')} > ?)`, [250])],
    ['meta text <', 'meta.at<b', sql(`(${jt('at')} = 'text' AND ${jx('at')} < ?)`, ['b'])],
    ['meta keyword', 'meta.ok:true', sql(`((${jt('ok')} = 'text' AND ${jx('ok')} = ?) OR ${jt('ok')} = ?)`, ['true', 'true'])],
    ['meta nested path', 'meta.a.b:*', sql(`${jt('a.b')} IS NOT NULL`, [])],
    ['meta prefix', 'meta.h:gw*', sql(`(${jt('h')} = 'text' AND ${jx('h')} GLOB ?)`, ['gw*'])],
    ['-meta stays two-valued', '-meta.d>1', sql(`NOT coalesce((${jt('d')} IN ('integer','real') AND ${jx('d')} > ?), 0)`, [1])],
  ])('field %s: %j', (_name, q, expected) => {
    expect(buildLogWhere({ q })).toEqual(expected);
  });

  it('a literal fallback is searched as the whole token, with a hint', () => {
    expect(buildLogWhere({ q: 'level:loud' })).toEqual({
      where: IN,
      params: ['"level:loud"'],
      hints: [{ position: 0, message: 'level:loud: "loud" is not a level (debug, info, warn, error, critical); searched as text' }],
    });
  });

  it.each<[string, LogFilter, SqlWhere]>([
    ['no filter at all', {}, sql('1', [])],
    ['levels, a subset', { levels: ['WARN', 'ERROR'] }, sql('l.level IN (?,?)', ['WARN', 'ERROR'])],
    ['levels, all five adds nothing', { levels: ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] }, sql('1', [])],
    ['levels, repeats are not all five', { levels: ['ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR'] }, sql('l.level IN (?)', ['ERROR'])],
    ['levels, none matches nothing', { levels: [] }, sql('0', [])],
    ['service', { service: 'nav' }, sql('l.service = ?', ['nav'])],
    ['an empty string is still a filter', { service: '' }, sql('l.service = ?', [''])],
    ['from 0 is a bound', { from: 0 }, sql('l.timestamp >= ?', [0])],
    ['null bounds add nothing', { from: null, to: null }, sql('1', [])],
  ])('structured: %s', (_name, filter, expected) => {
    expect(buildLogWhere(filter)).toEqual(expected);
  });

  it('puts the query first, then levels, fields and the range', () => {
    expect(buildLogWhere({ q: 'fault service:nav', levels: ['ERROR'], service: 'nav', spacecraft_id: 'v1', request_id: 'r', trace_id: 't', from: 1, to: 2 })).toEqual(
      sql(
        where(`(${IN} AND l.service = ?)`, 'l.level IN (?)', 'l.service = ?', 'l.spacecraft_id = ?', 'l.request_id = ?', 'l.trace_id = ?', 'l.timestamp >= ?', 'l.timestamp <= ?'),
        ['"fault"', 'nav', 'ERROR', 'nav', 'v1', 'r', 't', 1, 2],
      ),
    );
  });

  it('binds one parameter per placeholder', () => {
    for (const q of ['a b c', 'level>=info -x y* "p q"', 'service:a* OR -host:b trace_id:c level:nope', '" unterminated', 'meta.a:1 OR (meta.b>x -c)']) {
      const { where: w, params } = buildLogWhere({ q, levels: ['INFO'], from: 0, to: 1 });
      expect(w.split('?').length - 1, q).toBe(params.length);
    }
  });
});

describe('cursors', () => {
  it.each<[number, number]>([
    [0, 0],
    [1_795_428_000_000, 1],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    [1, -1],
  ])('(%d, %d) round-trips', (timestamp, id) => {
    const c = encodeCursor(timestamp, id);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual({ timestamp, id });
  });

  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  it.each<[string, string]>([
    ['empty', ''],
    ['not base64 JSON', 'hello world'],
    ['a JSON object', b64('{"timestamp":1,"id":2}')],
    ['one number', b64('[1]')],
    ['three numbers', b64('[1,2,3]')],
    ['strings', b64('["1","2"]')],
    ['a fraction', b64('[1.5,2]')],
    ['unsafe integers', b64(`[${2 ** 60},1]`)],
    ['null', b64('null')],
    ['truncated', encodeCursor(123, 456).slice(0, -3)],
  ])('garbage (%s) → null', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
