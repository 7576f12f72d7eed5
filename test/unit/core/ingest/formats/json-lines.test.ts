import { describe, expect, it } from 'vitest';
import { parseJsonBody, parseNdjsonBody } from '../../../../../src/core/ingest/formats/json-lines';
import { ApiError } from '../../../../../src/shared/api/errors';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('bad_request');
    return (e as ApiError).message;
  }
  throw new Error('expected a bad_request ApiError, nothing was thrown');
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseJsonBody', () => {
  it.each<[string, string, unknown[]]>([
    ['one object', '{"message":"a"}', [{ message: 'a' }]],
    ['an array of objects', '[{"message":"a"},{"message":"b"}]', [{ message: 'a' }, { message: 'b' }]],
    ['surrounding whitespace', '\n  {"a":1}  \r\n', [{ a: 1 }]],
    ['a scalar is one item (validation refuses it later)', '42', [42]],
    ['a byte-order mark', '\uFEFF{"a":1}', [{ a: 1 }]],
    ['brackets inside strings do not count as depth', JSON.stringify({ m: '['.repeat(200) }), [{ m: '['.repeat(200) }]],
    ['escaped quotes inside strings', JSON.stringify({ m: 'a\\"[[[' }), [{ m: 'a\\"[[[' }]],
    ['constructor without prototype is fine', '{"constructor":"x"}', [{ constructor: 'x' }]],
  ])('%s', (_name, text, items) => {
    expect(parseJsonBody(text)).toEqual({ items, errors: [] });
  });

  it('accepts nesting of exactly 64 levels', () => {
    expect(parseJsonBody(nested(64)).items).toHaveLength(1);
  });

  it.each<[string, string, RegExp]>([
    ['empty', '', /^body: empty; send a JSON object/],
    ['blank', ' \n\t ', /^body: empty/],
    ['an empty array', '[]', /^body: empty array/],
    ['invalid JSON', '{"a":', /^body: invalid JSON \(/],
    ['plain text', 'hello', /^body: invalid JSON/],
    ['two objects (that is NDJSON)', '{"a":1}\n{"b":2}', /^body: invalid JSON/],
    ['__proto__ at the top', '{"__proto__":{"admin":true}}', /^body: forbidden key/],
    ['__proto__ nested in an array', '[{"message":"m","metadata":{"__proto__":{}}}]', /^body: forbidden key/],
    ['constructor.prototype', '{"constructor":{"prototype":{"x":1}}}', /^body: forbidden key/],
    ['65 levels deep', nested(65), /^body: nesting deeper than 64 levels/],
    ['very deep objects', '{"a":'.repeat(10_000), /^body: nesting deeper than 64/],
  ])('%s → bad_request', (_name, text, reason) => {
    expect(badRequest(() => parseJsonBody(text))).toMatch(reason);
  });

  it('keeps the JSON error short and on one line', () => {
    const msg = badRequest(() => parseJsonBody(`{"a":\n${'x'.repeat(5000)}`));
    expect(msg).not.toContain('\n');
    expect(msg.length).toBeLessThan(200);
  });

  it('does not pollute Object.prototype', () => {
    badRequest(() => parseJsonBody('{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // V8 quotes short offending input in "Unexpected token" messages: an error text that mentions
  // "prototype"/"constructor" must not be mistaken for secure-json-parse's forbidden-key error.
  it.each(['prototype', '{"m": prototype}', '{"by":constructor}'])('invalid JSON %j is reported as invalid JSON, not a forbidden key', (text) => {
    expect(badRequest(() => parseJsonBody(text))).toMatch(/^body: invalid JSON/);
  });
});

describe('parseNdjsonBody', () => {
  it('parses one object per line', () => {
    expect(parseNdjsonBody('{"a":1}\n{"a":2}\n')).toEqual({ items: [{ a: 1 }, { a: 2 }], errors: [] });
  });

  it('accepts CRLF line ends and a last line without one', () => {
    expect(parseNdjsonBody('{"a":1}\r\n{"a":2}\r\n{"a":3}').items).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('skips blank and whitespace-only lines without giving them an index', () => {
    expect(parseNdjsonBody('\n\n{"a":1}\n   \n\r\n\t\n{"a":2}\n\n')).toEqual({ items: [{ a: 1 }, { a: 2 }], errors: [] });
  });

  it('keeps the good lines and reports each bad one by its index among the items', () => {
    const r = parseNdjsonBody('{"a":0}\nnope\n\n{"a":2}\n{"__proto__":{}}\n{"a":4}\n' + nested(65) + '\n{"a":6}');
    expect(r.items).toEqual([{ a: 0 }, undefined, { a: 2 }, undefined, { a: 4 }, undefined, { a: 6 }]);
    expect(r.errors.map((e) => e.index)).toEqual([1, 3, 5]);
    expect(r.errors[0]!.error).toMatch(/^invalid JSON \(/);
    expect(r.errors[1]!.error).toMatch(/^forbidden key/);
    expect(r.errors[2]!.error).toBe('nesting deeper than 64 levels');
  });

  it('marks exactly the failed indexes as undefined', () => {
    const r = parseNdjsonBody('x\n{"a":1}\ny\n{"a":3}');
    for (const { index } of r.errors) expect(r.items[index]).toBeUndefined();
    expect(r.items.filter((i) => i !== undefined)).toHaveLength(r.items.length - r.errors.length);
  });

  it('a line with a JSON array is one item (not spread)', () => {
    expect(parseNdjsonBody('[{"a":1},{"a":2}]\n{"a":3}').items).toEqual([[{ a: 1 }, { a: 2 }], { a: 3 }]);
  });

  it('a CR inside a line is not a line end', () => {
    expect(parseNdjsonBody('{"a":"x\\r"}\r\n').items).toEqual([{ a: 'x\r' }]);
  });

  it.each<[string, string, RegExp]>([
    ['empty', '', /^body: no NDJSON lines/],
    ['only blank lines', '\n\r\n  \n', /^body: no NDJSON lines/],
    ['every line bad', 'a\nb\n', /^body: no line is valid JSON; first error at item 0 \(0-based\): invalid JSON/],
    ['every line forbidden', '{"__proto__":{}}', /^body: no line is valid JSON; .*forbidden key/],
    ['every line too deep', nested(70), /nesting deeper than 64 levels/],
  ])('%s → bad_request', (_name, text, reason) => {
    expect(badRequest(() => parseNdjsonBody(text))).toMatch(reason);
  });

  it('handles many lines', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ i })).join('\n');
    const r = parseNdjsonBody(text);
    expect(r.items).toHaveLength(10_000);
    expect(r.items[9_999]).toEqual({ i: 9_999 });
  });

  // Same as parseJsonBody: a short plain-text line mentioning "prototype" is just invalid JSON.
  it('a plain-text line "prototype v2" is reported as invalid JSON', () => {
    const r = parseNdjsonBody('{"a":1}\nprototype v2');
    expect(r.errors).toEqual([{ index: 1, error: expect.stringMatching(/^invalid JSON/) }]);
  });
});
