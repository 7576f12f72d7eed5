import { describe, expect, it } from 'vitest';
import {
  levelsAtLeast,
  levelsMatching,
  normaliseLevel,
  parseLogQuery,
  type CompareOp,
  type Predicate,
  type QueryNode,
} from '../../../../src/core/query/log-query';
import { isApiError } from '../../../../src/shared/api/errors';
import { LOG_LEVELS, type LogLevel } from '../../../../src/shared/api/schemas/logs';

const text = (t: string, pos: number, prefix = false): QueryNode => ({ kind: 'text', text: t, prefix, pos });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const fieldNode = (pred: Predicate, pos = 0): QueryNode => ({ kind: 'field', pred, pos });
const col = (column: 'service' | 'spacecraft_id' | 'source' | 'request_id' | 'trace_id', value: string, test: 'eq' | 'prefix' | 'exists' = 'eq', pos = 0) =>
  fieldNode({ kind: 'column', column, test, value }, pos);
const level = (levels: LogLevel[], pos = 0) => fieldNode({ kind: 'level', levels }, pos);
const meta = (path: string[], o: Partial<Extract<Predicate, { kind: 'meta' }>>, pos = 0) =>
  fieldNode({ kind: 'meta', path, test: 'eq', op: ':', value: '', number: null, keyword: null, ...o }, pos);

const ast = (q: string) => parseLogQuery(q).ast;

describe('parseLogQuery: text, operators, grouping', () => {
  it.each<[string, string, QueryNode | null]>([
    ['empty input', '', null],
    ['only whitespace', '  \t\n ', null],
    ['one bare word', 'thermal', text('thermal', 0)],
    ['words are ANDed', 'thermal  fault', and(text('thermal', 0), text('fault', 9))],
    ['a quoted phrase stays whole', '"reaction wheel" stall', and(text('reaction wheel', 0), text('stall', 17))],
    ['an unterminated quote runs to the end', 'stall "reaction wheel', and(text('stall', 0), text('reaction wheel', 6))],
    ['a phrase prefix', '"reaction whe"*', text('reaction whe', 0, true)],
    ['a trailing * is a prefix', 'therm*', text('therm', 0, true)],
    ['* inside a phrase is literal', '"therm*"', text('therm*', 0)],
    ['-word negates', '-debug', not(text('debug', 1))],
    ['-"phrase" negates', '-"safe mode"', not(text('safe mode', 1))],
    ['-- negates once, the rest is the word', '--x', not(text('-x', 1))],
    ['NOT negates the next term only', 'NOT a b', and(not(text('a', 4)), text('b', 6))],
    ['NOT -x cancels out', 'NOT -x', text('x', 5)],
    ['lowercase not/and/or are words', 'not and or', and(text('not', 0), text('and', 4), text('or', 8))],
    ['AND is implicit anyway', 'a AND b', and(text('a', 0), text('b', 6))],
    ['OR', 'a OR b', or(text('a', 0), text('b', 5))],
    ['OR binds looser than AND', 'a b OR c', or(and(text('a', 0), text('b', 2)), text('c', 7))],
    ['OR chains flatten', 'a OR b OR c', or(text('a', 0), text('b', 5), text('c', 10))],
    ['parentheses group', '(a OR b) c', and(or(text('a', 1), text('b', 6)), text('c', 9))],
    ['-( ) negates a group', '-(a b)', not(and(text('a', 2), text('b', 4)))],
    ['NOT ( ) negates a group', 'NOT (a OR b)', not(or(text('a', 5), text('b', 10)))],
    ['a ) closes the group even after a word', '(a b)', and(text('a', 1), text('b', 3))],
    ['parentheses inside a word are literal', 'f(x) g', and(text('f(x)', 0), text('g', 5))],
    ['-OR is the word OR, negated', 'a -OR', and(text('a', 0), not(text('OR', 3)))],
    ['the example', '(thruster OR valve) -nominal level>=warn', and(or(text('thruster', 1), text('valve', 13)), not(text('nominal', 21)), level(['WARN', 'ERROR', 'CRITICAL'], 29))],
  ])('%s: %j', (_name, input, expected) => {
    expect(ast(input)).toEqual(expected);
  });
});

describe('parseLogQuery: field terms', () => {
  it.each<[string, string, QueryNode]>([
    ['level:', 'level:error', level(['ERROR'])],
    ['level alias', 'LEVEL:Warning', level(['WARN'])],
    ['level>=', 'level>=warn', level(['WARN', 'ERROR', 'CRITICAL'])],
    ['level>', 'level>warn', level(['ERROR', 'CRITICAL'])],
    ['level<=', 'level<=info', level(['DEBUG', 'INFO'])],
    ['level<', 'level<info', level(['DEBUG'])],
    ['level>critical is empty', 'level>critical', level([])],
    ['level:* is every level', 'level:*', level([...LOG_LEVELS])],
    ['service', 'service:nav', col('service', 'nav')],
    ['spacecraft → spacecraft_id, prefix', 'spacecraft:voyager-*', col('spacecraft_id', 'voyager-', 'prefix')],
    ['host → source', 'host:gw-2', col('source', 'gw-2')],
    ['request_id', 'request_id:r-42', col('request_id', 'r-42')],
    ['trace_id, a value may contain :', 'trace_id:a:b', col('trace_id', 'a:b')],
    ['a quoted value', 'service:"nav team"', col('service', 'nav team')],
    ['* inside quotes is literal', 'service:"nav*"', col('service', 'nav*')],
    ['"…"* outside quotes is a prefix', 'service:"nav "*', col('service', 'nav ', 'prefix')],
    ['field:* is exists', 'trace_id:*', col('trace_id', '', 'exists')],
    ['** is a prefix of a literal *', 'service:**', col('service', '*', 'prefix')],
    ['a field value stops at a closing )', '(service:nav)', col('service', 'nav', 'eq', 1)],
    ['-field', '-service:nav', not(col('service', 'nav', 'eq', 1))],
    ['meta number', 'meta.pass:42', meta(['pass'], { value: '42', number: 42 })],
    ['meta nested path', 'meta.a.b_2.C:x', meta(['a', 'b_2', 'C'], { value: 'x' })],
    ['meta quoted value is text only', 'meta.sensor:"bus B"', meta(['sensor'], { value: 'bus B' })],
    ['meta quoted number is text only', 'meta.pass:"42"', meta(['pass'], { value: '42' })],
    ['meta keyword', 'meta.ok:true', meta(['ok'], { value: 'true', keyword: 'true' })],
    ['meta >', 'meta.duration_ms>250', meta(['duration_ms'], { test: 'cmp', op: '>', value: '250', number: 250 })],
    ['meta <= text', 'meta.at<=2026-01', meta(['at'], { test: 'cmp', op: '<=', value: '2026-01' })],
    ['meta exists', 'meta.pass:*', meta(['pass'], { test: 'exists' })],
    ['meta prefix', 'meta.host:gw*', meta(['host'], { test: 'prefix', value: 'gw' })],
    ['meta negative number', 'meta.t<-1.5e3', meta(['t'], { test: 'cmp', op: '<', value: '-1.5e3', number: -1500 })],
  ])('%s: %j', (_name, input, expected) => {
    expect(ast(input)).toEqual(expected);
  });
});

describe('parseLogQuery: what is not syntax is searched literally, with a hint', () => {
  it.each<[string, QueryNode | null, { position: number; message: RegExp }[]]>([
    ['level:loud', text('level:loud', 0), [{ position: 0, message: /"loud" is not a level/ }]],
    ['x level>=bogus', and(text('x', 0), text('level>=bogus', 2)), [{ position: 2, message: /not a level/ }]],
    ['foo:bar', text('foo:bar', 0), [{ position: 0, message: /foo is not a field/ }]],
    ['service>=x', text('service>=x', 0), [{ position: 0, message: />= works on level and meta/ }]],
    ['meta.x>a*', text('meta.x>a', 0, true), [{ position: 0, message: /\* works with : only/ }]],
    ['constructor:x', text('constructor:x', 0), [{ position: 0, message: /not a field/ }]],
    ['__proto__:x', text('__proto__:x', 0), [{ position: 0, message: /not a field/ }]],
    ['level:constructor', text('level:constructor', 0), [{ position: 0, message: /not a level/ }]],
    ['a OR', text('a', 0), [{ position: 2, message: /OR needs a term on each side/ }]],
    ['OR a', text('a', 3), [{ position: 0, message: /OR needs a term/ }]],
    ['a OR OR b', or(text('a', 0), text('b', 8)), [{ position: 2, message: /OR needs a term/ }]],
    ['a AND', text('a', 0), [{ position: 2, message: /AND needs a term/ }]],
    ['a NOT', text('a', 0), [{ position: 2, message: /NOT has nothing after it/ }]],
    ['a ()', text('a', 0), [{ position: 2, message: /empty parentheses/ }]],
    ['🚀 thermistor', text('thermistor', 3), [{ position: 0, message: /no letters or digits/ }]],
    ['say "hi', and(text('say', 0), text('hi', 4)), [{ position: 4, message: /unterminated quote/ }]],
  ])('%j', (input, expected, hints) => {
    const got = parseLogQuery(input);
    expect(got.ast).toEqual(expected);
    expect(got.hints).toHaveLength(hints.length);
    hints.forEach((h, i) => {
      expect(got.hints[i]?.position).toBe(h.position);
      expect(got.hints[i]?.message).toMatch(h.message);
    });
  });

  it.each(['http://x/y', '12:30', 'a-b', 'x1:y'.slice(0, 0) + 'voyager-1'])('%j is text without a hint', (q) => {
    expect(parseLogQuery(q).hints).toEqual([]);
  });
});

describe('parseLogQuery: errors, only where the intent is clear', () => {
  it.each<[string, string]>([
    ['(thruster', 'q: unbalanced parenthesis at position 0'],
    ['a (b (c) d', 'q: unbalanced parenthesis at position 2'],
    ['thruster)', 'q: unbalanced parenthesis at position 8'],
    ['(a)) b', 'q: unbalanced parenthesis at position 3'],
    [')', 'q: unbalanced parenthesis at position 0'],
    ['-(', 'q: unbalanced parenthesis at position 1'],
    ['('.repeat(25) + ')'.repeat(25), 'q: parentheses nested deeper than 20 at position 20'],
    [Array.from({ length: 201 }, (_, i) => `w${i}`).join(' '), 'q: more than 200 terms'],
  ])('%j → bad_request', (q, message) => {
    let caught: unknown;
    try {
      parseLogQuery(q);
    } catch (e) {
      caught = e;
    }
    expect(isApiError(caught) && caught.code === 'bad_request').toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});

describe('normaliseLevel', () => {
  const aliases: [LogLevel, string[]][] = [
    ['DEBUG', ['trace', 'debug', 'dbg', 'verbose']],
    ['INFO', ['info', 'information', 'informational', 'notice', 'inf']],
    ['WARN', ['warn', 'warning', 'wrn']],
    ['ERROR', ['error', 'err', 'eror']],
    ['CRITICAL', ['critical', 'crit', 'fatal', 'alert', 'emerg', 'emergency', 'panic']],
  ];
  const table = aliases.flatMap(([l, names]) => names.map((n) => [n, l] as const));

  it.each(table)('%s → %s', (alias, l) => {
    expect(normaliseLevel(alias)).toBe(l);
    expect(normaliseLevel(` ${alias.toUpperCase()}\t`)).toBe(l);
  });

  // Includes Object.prototype names: a plain-object lookup would return Object / Object.prototype.
  it.each(['', ' ', 'warnings', 'errors', 'sev3', '3', 'toString', '__proto__', 'constructor', 'hasOwnProperty'])('unknown %j → null', (name) => {
    expect(normaliseLevel(name)).toBeNull();
  });
});

describe('levelsAtLeast / levelsMatching', () => {
  it.each<[CompareOp, LogLevel, LogLevel[]]>([
    [':', 'WARN', ['WARN']],
    ['>=', 'WARN', ['WARN', 'ERROR', 'CRITICAL']],
    ['>', 'WARN', ['ERROR', 'CRITICAL']],
    ['<=', 'WARN', ['DEBUG', 'INFO', 'WARN']],
    ['<', 'WARN', ['DEBUG', 'INFO']],
    ['>', 'CRITICAL', []],
    ['<', 'DEBUG', []],
  ])('levelsMatching(%s, %s)', (op, l, expected) => {
    expect(levelsMatching(op, l)).toEqual(expected);
  });

  it('>= agrees with levelsAtLeast and does not hand out LOG_LEVELS', () => {
    for (const l of LOG_LEVELS) expect(levelsMatching('>=', l)).toEqual(levelsAtLeast(l));
    levelsMatching('>=', 'DEBUG').pop();
    expect(LOG_LEVELS).toHaveLength(5);
  });
});
