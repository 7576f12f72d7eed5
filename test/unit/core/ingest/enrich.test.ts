import { describe, expect, it } from 'vitest';
import { enrichLogRecord, parseJsonMessage, parseLogfmt } from '../../../../src/core/ingest/enrich';
import { logRecord } from '../fixtures';

describe('parseLogfmt', () => {
  it.each<[string, Record<string, unknown> | null]>([
    ['level=warn duration_ms=312 path=/api/v1/tm', { level: 'warn', duration_ms: 312, path: '/api/v1/tm' }],
    ['msg="wheel 3 stalled" rpm=0 ok=false ratio=0.25', { msg: 'wheel 3 stalled', rpm: 0, ok: false, ratio: 0.25 }],
    ['esc="a \\"quoted\\" word" n=1', { esc: 'a "quoted" word', n: 1 }],
    ['only=one', null],
    ['no pairs at all', null],
    ['x = 1 y = 2', null],
    ['__proto__=1 constructor=2 a=3', null],
    ['id=007 big=12345678901234567890', { id: '007', big: '12345678901234567890' }],
  ])('%j → %j', (message, expected) => {
    expect(parseLogfmt(message)).toEqual(expected);
  });
});

describe('parseJsonMessage', () => {
  it.each<[string, Record<string, unknown> | null]>([
    ['{"msg":"downlink","snr_db":12.5}', { msg: 'downlink', snr_db: 12.5 }],
    ['  {"a":{"b":1}}', { a: { b: 1 } }],
    ['{"__proto__":{"x":1},"a":1}', { a: 1 }],
    ['[1,2]', null],
    ['{not json', null],
    ['{}', null],
  ])('%j → %j', (message, expected) => {
    expect(parseJsonMessage(message)).toEqual(expected);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('enrichLogRecord', () => {
  it('merges parsed fields under metadata, the sender\'s fields winning, and keeps the message', () => {
    const r = enrichLogRecord(logRecord({ message: 'pass=42 duration_ms=250', metadata: JSON.stringify({ pass: 7, station: 'gs-1' }) }));
    expect(r.message).toBe('pass=42 duration_ms=250');
    expect(JSON.parse(r.metadata!)).toEqual({ pass: 7, duration_ms: 250, station: 'gs-1' });
  });

  it('leaves plain messages, and records whose metadata is not an object, untouched', () => {
    const plain = logRecord({ message: 'thruster 3 nominal' });
    expect(enrichLogRecord(plain)).toBe(plain);
    const arrayMeta = logRecord({ message: 'a=1 b=2', metadata: '[1]' });
    expect(enrichLogRecord(arrayMeta)).toBe(arrayMeta);
  });
});
