import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../src/core/db/repos/logs';
import { LIMITS, normaliseLogLine, parseTimestamp } from '../../../../src/core/ingest/log-record';
import { MAX_EPOCH_MS } from '../../../../src/core/query/time';

const NOW = 1_795_428_000_000;

function ok(input: unknown): LogRecord {
  const r = normaliseLogLine(input, NOW);
  if (!r.ok) throw new Error(`expected the line to be accepted, got: ${r.error}`);
  return r.record;
}

function refused(input: unknown): string {
  const r = normaliseLogLine(input, NOW);
  if (r.ok) throw new Error(`expected the line to be refused, got ${JSON.stringify(r.record)}`);
  return r.error;
}

describe('normaliseLogLine: defaults', () => {
  it('fills every absent field: INFO, now, nulls', () => {
    expect(ok({ message: 'hello' })).toEqual({
      timestamp: NOW,
      level: 'INFO',
      service: null,
      message: 'hello',
      metadata: null,
      spacecraft_id: null,
      request_id: null,
      trace_id: null,
      span_id: null,
      source: null,
      labels: null,
    });
  });

  it('treats null like absent for level, timestamp, labels and metadata', () => {
    const r = ok({ message: 'm', level: null, timestamp: null, labels: null, metadata: null, service: null });
    expect(r).toMatchObject({ level: 'INFO', timestamp: NOW, labels: null, metadata: null, service: null });
  });

  it('keeps every field it is given', () => {
    expect(
      ok({
        timestamp: '2026-11-23T10:00:00Z',
        level: 'warning',
        service: 'nav',
        message: 'wheel',
        spacecraft_id: 'v1',
        request_id: 'r',
        trace_id: 't',
        span_id: 's',
        source: 'gw',
        labels: { team: 'gnc' },
        metadata: { a: [1, 2] },
      }),
    ).toEqual({
      timestamp: Date.UTC(2026, 10, 23, 10),
      level: 'WARN',
      service: 'nav',
      message: 'wheel',
      metadata: '{"a":[1,2]}',
      spacecraft_id: 'v1',
      request_id: 'r',
      trace_id: 't',
      span_id: 's',
      source: 'gw',
      labels: '{"team":"gnc"}',
    });
  });
});

describe('normaliseLogLine: fields', () => {
  it.each<[string, string]>([
    ['err', 'ERROR'],
    ['FATAL', 'CRITICAL'],
    [' Warning ', 'WARN'],
    ['trace', 'DEBUG'],
    ['notice', 'INFO'],
  ])('level %j → %s', (level, expected) => {
    expect(ok({ message: 'm', level }).level).toBe(expected);
  });

  it('host maps to source', () => {
    expect(ok({ message: 'm', host: 'gw-7' }).source).toBe('gw-7');
  });

  it('source wins over host', () => {
    expect(ok({ message: 'm', host: 'h', source: 's' }).source).toBe('s');
  });

  it('an empty source falls back to host', () => {
    expect(ok({ message: 'm', host: 'h', source: '' }).source).toBe('h');
  });

  it.each(['service', 'spacecraft_id', 'request_id', 'trace_id', 'span_id', 'source', 'host'])('empty %s → null', (key) => {
    const r = ok({ message: 'm', [key]: '' });
    expect(r[key === 'host' ? 'source' : (key as keyof LogRecord)]).toBeNull();
  });

  it('an empty labels object → null', () => {
    expect(ok({ message: 'm', labels: {} }).labels).toBeNull();
  });

  it.each<[unknown, string]>([
    [{}, '{}'],
    [[], '[]'],
    [false, 'false'],
    [0, '0'],
    ['text', '"text"'],
  ])('metadata %j is stored as JSON %s', (metadata, json) => {
    expect(ok({ message: 'm', metadata }).metadata).toBe(json);
  });

  it('accepts strings at exactly their limit', () => {
    const r = ok({ message: 'm'.repeat(LIMITS.message), service: 's'.repeat(LIMITS.name), trace_id: 't'.repeat(LIMITS.id) });
    expect(r.message).toHaveLength(LIMITS.message);
  });

  it(`accepts exactly ${LIMITS.labels} labels`, () => {
    const labels = Object.fromEntries(Array.from({ length: LIMITS.labels }, (_, i) => [`k${i}`, 'v']));
    expect(JSON.parse(ok({ message: 'm', labels }).labels as string)).toEqual(labels);
  });
});

describe('normaliseLogLine: timestamps', () => {
  it.each<[unknown, number]>([
    [0, 0],
    [1_795_428_000_000, 1_795_428_000_000],
    [1_795_428_000_000.9, 1_795_428_000_000],
    [MAX_EPOCH_MS, MAX_EPOCH_MS],
    ['1795428000000', 1_795_428_000_000],
    ['2026-11-23T10:00:00Z', Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T10:00Z', Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T10:00:00.123Z', Date.UTC(2026, 10, 23, 10, 0, 0, 123)],
    ['2026-11-23T10:00:00.123456789Z', Date.UTC(2026, 10, 23, 10, 0, 0, 123)],
    ['2026-11-23T10:00:00+01:00', Date.UTC(2026, 10, 23, 9)],
    ['2026-11-23T10:00:00-0130', Date.UTC(2026, 10, 23, 11, 30)],
  ])('%j → %d', (timestamp, expected) => {
    expect(ok({ message: 'm', timestamp }).timestamp).toBe(expected);
  });

  it.each<[unknown, RegExp]>([
    [-1, /out of range/],
    [MAX_EPOCH_MS + 1, /out of range/],
    ['2026-11-23T10:00:00', /ISO 8601 .*with a zone/],
    ['2026-11-23', /ISO 8601 .*with a zone/],
    ['2026-11-23Z', /ISO 8601 .*with a zone/],
    ['yesterday', /ISO 8601/],
    ['12345678901234', /ISO 8601/],
    ['2026-13-01T00:00:00Z', /ISO 8601/],
    ['2026-11-23T10:60:00Z', /ISO 8601/],
    ['1969-12-31T23:59:59Z', /^timestamp: /],
    [true, /must be an ISO 8601 string or epoch milliseconds/],
    [{}, /must be an ISO 8601 string or epoch milliseconds/],
    [[1], /must be an ISO 8601 string or epoch milliseconds/],
  ])('%j is refused', (timestamp, reason) => {
    const error = refused({ message: 'm', timestamp });
    expect(error).toMatch(/^timestamp: /);
    expect(error).toMatch(reason);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('parseTimestamp(%d) is refused', (v) => {
    expect(parseTimestamp(v)).toMatch(/^timestamp: /);
  });

  // Date.parse alone would roll an impossible day over (Feb 30 → Mar 2) and store the line at the wrong time.
  it('an impossible calendar day is refused', () => {
    expect(refused({ message: 'm', timestamp: '2026-02-30T10:00:00Z' })).toMatch(/^timestamp: /);
  });
});

describe('normaliseLogLine: refusals name the field', () => {
  const long = (n: number) => 'x'.repeat(n + 1);
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'hello', /^line: must be a JSON object/],
    ['null', null, /^line: /],
    ['an array', [{ message: 'm' }], /^line: /],
    ['a number', 42, /^line: /],
    ['missing message', {}, /^message: required/],
    ['empty message', { message: '' }, /^message: required/],
    ['numeric message', { message: 42 }, /^message: required/],
    ['message too long', { message: long(LIMITS.message) }, /^message: longer than 65536/],
    ['unknown field', { message: 'm', msg: 'x' }, /^msg: unknown field/],
    ['unknown field, key shortened', { message: 'm', ['k'.repeat(500)]: 1 }, new RegExp(`^${'k'.repeat(64)}: unknown field`)],
    ['bad level', { message: 'm', level: 'loud' }, /^level: must be one of/],
    ['empty level', { message: 'm', level: '' }, /^level: /],
    ['numeric level', { message: 'm', level: 3 }, /^level: /],
    ['service not a string', { message: 'm', service: 5 }, /^service: must be a string/],
    ['host not a string', { message: 'm', host: ['a'] }, /^host: must be a string/],
    ['service too long', { message: 'm', service: long(LIMITS.name) }, /^service: longer than 200/],
    ['spacecraft_id too long', { message: 'm', spacecraft_id: long(LIMITS.id) }, /^spacecraft_id: longer than 200/],
    ['request_id too long', { message: 'm', request_id: long(LIMITS.id) }, /^request_id: /],
    ['trace_id too long', { message: 'm', trace_id: long(LIMITS.id) }, /^trace_id: /],
    ['span_id too long', { message: 'm', span_id: long(LIMITS.id) }, /^span_id: /],
    ['source too long', { message: 'm', source: long(LIMITS.name) }, /^source: /],
    ['labels a string', { message: 'm', labels: 'a=b' }, /^labels: must be an object/],
    ['labels an array', { message: 'm', labels: ['a'] }, /^labels: must be an object/],
    ['a label not a string', { message: 'm', labels: { team: 1 } }, /^labels\.team: must be a string/],
    ['a nested label', { message: 'm', labels: { team: { a: 'b' } } }, /^labels\.team: must be a string/],
    ['a label key too long', { message: 'm', labels: { [long(LIMITS.labelKey)]: 'v' } }, /^labels\.x+: too long/],
    ['a label value too long', { message: 'm', labels: { k: long(LIMITS.labelValue) } }, /^labels\.k: too long/],
    [
      'too many labels',
      { message: 'm', labels: Object.fromEntries(Array.from({ length: LIMITS.labels + 1 }, (_, i) => [`k${i}`, 'v'])) },
      /^labels: more than 64/,
    ],
    ['metadata too large', { message: 'm', metadata: { blob: 'x'.repeat(LIMITS.metadataBytes) } }, /^metadata: larger than 65536 bytes/],
    ['metadata too large in bytes, not chars', { message: 'm', metadata: 'é'.repeat(LIMITS.metadataBytes / 2) }, /^metadata: /],
  ])('%s', (_name, input, reason) => {
    expect(refused(input)).toMatch(reason);
  });

  // Object.prototype names must not pass as level aliases (they would fail the whole group commit).
  it.each(['constructor', '__proto__'])('level %j is refused', (level) => {
    expect(refused({ message: 'm', level })).toMatch(/^level: /);
  });
});
