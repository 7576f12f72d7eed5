import { describe, expect, it } from 'vitest';
import {
  levelsAtLeast,
  levelsMatching,
  normaliseLevel,
  parseLogQuery,
  type FieldTerm,
  type Term,
} from '../../../../src/core/query/log-query';
import { LOG_LEVELS, type LogLevel } from '../../../../src/shared/api/schemas/logs';

const text = (t: string, o: Partial<{ phrase: boolean; prefix: boolean; negated: boolean }> = {}): Term => ({
  kind: 'text',
  text: t,
  phrase: o.phrase ?? false,
  prefix: o.prefix ?? false,
  negated: o.negated ?? false,
});
const field = (f: FieldTerm['field'], op: FieldTerm['op'], value: string, negated = false): Term => ({
  kind: 'field',
  field: f,
  op,
  value,
  negated,
});

describe('parseLogQuery', () => {
  it.each<[string, string, Term[]]>([
    ['empty input', '', []],
    ['only whitespace', '  \t\n ', []],
    ['one bare word', 'thermal', [text('thermal')]],
    ['bare words are separate terms', 'thermal  fault\tbus', [text('thermal'), text('fault'), text('bus')]],
    ['a quoted phrase stays whole', '"reaction wheel" stall', [text('reaction wheel', { phrase: true }), text('stall')]],
    ['an unterminated quote runs to the end', 'stall "reaction wheel', [text('stall'), text('reaction wheel', { phrase: true })]],
    ['an empty phrase is dropped', '"" x "   "', [text('x')]],
    ['a phrase keeps its inner spacing', '"  a  b "', [text('  a  b ', { phrase: true })]],
    ['a trailing * is a prefix', 'therm*', [text('therm', { prefix: true })]],
    ['a lone * is literal text', '*', [text('*')]],
    ['a leading * is literal text', '*therm', [text('*therm')]],
    ['* inside a phrase is literal', '"therm*"', [text('therm*', { phrase: true })]],
    ['-word negates', '-debug', [text('debug', { negated: true })]],
    ['-"phrase" negates the phrase', '-"safe mode"', [text('safe mode', { phrase: true, negated: true })]],
    ['-prefix* negates a prefix', '-therm*', [text('therm', { prefix: true, negated: true })]],
    ['a lone - is literal text', '-', [text('-')]],
    ['a double -- negates the rest once', '--x', [text('-x', { negated: true })]],
    ['NOT negates the next term', 'NOT debug', [text('debug', { negated: true })]],
    ['NOT applies to the next term only', 'NOT a b', [text('a', { negated: true }), text('b')]],
    ['NOT -x cancels out', 'NOT -x', [text('x')]],
    ['NOT before a phrase', 'NOT "safe mode"', [text('safe mode', { phrase: true, negated: true })]],
    ['a trailing NOT is dropped', 'a NOT', [text('a')]],
    ['lowercase not is a word', 'not a', [text('not'), text('a')]],
    ['AND is ignored', 'a AND b', [text('a'), text('b')]],
    ['lowercase and is a word', 'a and b', [text('a'), text('and'), text('b')]],
    ['OR is not an operator: it is a word', 'a OR b', [text('a'), text('OR'), text('b')]],
    ['a word with an inner quote stays a word', 'say"hi', [text('say"hi')]],
  ])('%s: %j', (_name, input, expected) => {
    expect(parseLogQuery(input)).toEqual(expected);
  });

  it.each<[string, string, Term[]]>([
    ['level:', 'level:error', [field('level', ':', 'error')]],
    ['level>=', 'level>=warn', [field('level', '>=', 'warn')]],
    ['level>', 'level>warn', [field('level', '>', 'warn')]],
    ['level<=', 'level<=info', [field('level', '<=', 'info')]],
    ['level<', 'level<error', [field('level', '<', 'error')]],
    ['field names are case-insensitive', 'LEVEL:ERROR', [field('level', ':', 'ERROR')]],
    ['service', 'service:nav', [field('service', ':', 'nav')]],
    ['spacecraft → spacecraft_id', 'spacecraft:voyager-1', [field('spacecraft_id', ':', 'voyager-1')]],
    ['spacecraft_id', 'spacecraft_id:voyager-1', [field('spacecraft_id', ':', 'voyager-1')]],
    ['spacecraft prefix keeps its *', 'spacecraft:voyager-*', [field('spacecraft_id', ':', 'voyager-*')]],
    ['source', 'source:gw-2', [field('source', ':', 'gw-2')]],
    ['host → source', 'host:gw-2', [field('source', ':', 'gw-2')]],
    ['request_id', 'request_id:r-42', [field('request_id', ':', 'r-42')]],
    ['trace_id', 'trace_id:abc123', [field('trace_id', ':', 'abc123')]],
    ['a quoted value loses its quotes', 'service:"nav"', [field('service', ':', 'nav')]],
    ['a value may contain :', 'trace_id:a:b', [field('trace_id', ':', 'a:b')]],
    ['-field negates', '-service:nav', [field('service', ':', 'nav', true)]],
    ['NOT field negates', 'NOT level:debug', [field('level', ':', 'debug', true)]],
    ['fields and words mix', 'stall level>=warn -service:nav', [text('stall'), field('level', '>=', 'warn'), field('service', ':', 'nav', true)]],
  ])('field term %s: %j', (_name, input, expected) => {
    expect(parseLogQuery(input)).toEqual(expected);
  });

  it.each<[string, string, Term[]]>([
    ['an unknown field', 'foo:bar', [text('foo:bar')]],
    ['an unknown field, negated', '-foo:bar', [text('foo:bar', { negated: true })]],
    ['a comparison on a non-level field', 'service>=x', [text('service>=x')]],
    ['< on a non-level field', 'trace_id<5', [text('trace_id<5')]],
    ['a field with no value', 'level:', [text('level:')]],
    ['a URL', 'http://x/y', [text('http://x/y')]],
    ['a field name with digits', 'x1:y', [text('x1:y')]],
    ['an unknown field with a prefix', 'foo:ba*', [text('foo:ba', { prefix: true })]],
    // FIELD_ALIASES must not answer for Object.prototype names.
    ['a prototype property name (constructor)', 'constructor:x', [text('constructor:x')]],
    ['a prototype property name (__proto__)', '__proto__:x', [text('__proto__:x')]],
  ])('%s is searched as text: %j', (_name, input, expected) => {
    expect(parseLogQuery(input)).toEqual(expected);
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
  const table = aliases.flatMap(([level, names]) => names.map((n) => [n, level] as const));

  it.each(table)('%s → %s', (alias, level) => {
    expect(normaliseLevel(alias)).toBe(level);
  });

  it.each(table)('%s is case-insensitive and trimmed', (alias, level) => {
    expect(normaliseLevel(alias.toUpperCase())).toBe(level);
    expect(normaliseLevel(` ${alias[0]!.toUpperCase()}${alias.slice(1)}\t`)).toBe(level);
  });

  it('maps every canonical level to itself', () => {
    for (const l of LOG_LEVELS) expect(normaliseLevel(l)).toBe(l);
  });

  // Includes Object.prototype names: a plain-object lookup would return Object / Object.prototype.
  it.each(['', ' ', 'warnings', 'errors', 'sev3', '3', 'w', 'inf0', 'toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'unknown %j → null',
    (name) => {
      expect(normaliseLevel(name)).toBeNull();
    },
  );
});

describe('levelsAtLeast / levelsMatching', () => {
  it.each<[LogLevel, LogLevel[]]>([
    ['DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']],
    ['INFO', ['INFO', 'WARN', 'ERROR', 'CRITICAL']],
    ['WARN', ['WARN', 'ERROR', 'CRITICAL']],
    ['ERROR', ['ERROR', 'CRITICAL']],
    ['CRITICAL', ['CRITICAL']],
  ])('levelsAtLeast(%s)', (level, expected) => {
    expect(levelsAtLeast(level)).toEqual(expected);
  });

  it.each<[FieldTerm['op'], LogLevel, LogLevel[]]>([
    [':', 'WARN', ['WARN']],
    ['>=', 'WARN', ['WARN', 'ERROR', 'CRITICAL']],
    ['>', 'WARN', ['ERROR', 'CRITICAL']],
    ['<=', 'WARN', ['DEBUG', 'INFO', 'WARN']],
    ['<', 'WARN', ['DEBUG', 'INFO']],
    ['>', 'CRITICAL', []],
    ['<', 'DEBUG', []],
    ['>=', 'DEBUG', [...LOG_LEVELS]],
    ['<=', 'CRITICAL', [...LOG_LEVELS]],
  ])('levelsMatching(%s, %s)', (op, level, expected) => {
    expect(levelsMatching(op, level)).toEqual(expected);
  });

  it('>= agrees with levelsAtLeast for every level', () => {
    for (const l of LOG_LEVELS) expect(levelsMatching('>=', l)).toEqual(levelsAtLeast(l));
  });

  it('does not hand out the shared LOG_LEVELS array', () => {
    const got = levelsMatching('>=', 'DEBUG');
    got.pop();
    expect(LOG_LEVELS).toHaveLength(5);
  });
});
