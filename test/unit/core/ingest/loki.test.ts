import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { mapPushRequest, nanosToMs, parseLokiJson, parseLokiProtobuf, streamFields } from '../../../../src/core/ingest/formats/loki';
import { parseLabelSelector } from '../../../../src/core/ingest/formats/loki-selector';
import { PushRequest } from '../../../../src/core/ingest/formats/proto/loki';
import { ApiError } from '../../../../src/shared/api/errors';

const LIMIT = 1024 * 1024;
const NS = '1795428000123456789';
const MS = 1_795_428_000_123;

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

function selectorError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseLabelSelector', () => {
  it.each<[string, [string, string][]]>([
    ['{}', []],
    [' { } ', []],
    ['{job="x"}', [['job', 'x']]],
    ['{job="x", level="warn"}', [['job', 'x'], ['level', 'warn']]],
    ['{ job = "x" ,level="warn", }', [['job', 'x'], ['level', 'warn']]],
    ['{a="x\\"y"}', [['a', 'x"y']]],
    ['{a="back\\\\slash"}', [['a', 'back\\slash']]],
    ['{a="line\\nbreak\\ttab"}', [['a', 'line\nbreak\ttab']]],
    ['{a="\\u00e9t\\u00e9 \\U0001F680 \\x41 \\101"}', [['a', 'été 🚀 A A']]],
    ['{a="{not=\\"a label\\"}, ok"}', [['a', '{not="a label"}, ok']]],
    ["{a='single \"quoted\"'}", [['a', 'single "quoted"']]],
    ['{a=`raw \\n "string"`}', [['a', 'raw \\n "string"']]],
    ['{a=""}', [['a', '']]],
    ['{_x1="ü"}', [['_x1', 'ü']]],
  ])('%s', (text, pairs) => {
    expect(parseLabelSelector(text)).toEqual(pairs);
  });

  it.each<[string, RegExp]>([
    ['', /expected \{ at character 0/],
    ['job="x"', /expected \{/],
    ['{job="x"', /expected , or \}/],
    ['{job="x" level="y"}', /expected , or \}/],
    ['{job=~"x"}', /only equality matchers/],
    ['{job!="x"}', /expected = after job/],
    ['{job=x}', /expected a quoted value/],
    ['{1job="x"}', /expected a label name/],
    ['{job="x}', /unterminated quoted value/],
    ['{job="x\\"}', /unterminated quoted value/],
    ['{job="a\\qb"}', /unknown escape \\q/],
    ['{job="\\uZZZZ"}', /bad \\u escape/],
    ['{job="\\ud800"}', /bad \\u escape/],
    ['{job="x"} extra', /unexpected text after \}/],
    ['{job=`x}', /unterminated `raw string`/],
    ['{job="a\nb"}', /newline inside a quoted value/],
  ])('%j is refused', (text, message) => {
    expect(selectorError(text)).toMatch(message);
  });
});

describe('streamFields: labels → columns', () => {
  it('service from service_name, service, app or job — in that order; the one used leaves labels', () => {
    expect(streamFields([['job', 'j'], ['app', 'a'], ['service', 's'], ['service_name', 'sn']])).toMatchObject({
      service: 'sn',
      labels: '{"job":"j","app":"a","service":"s"}',
    });
    expect(streamFields([['job', 'j'], ['app', 'a']])).toMatchObject({ service: 'a', labels: '{"job":"j"}' });
    expect(streamFields([['job', 'j']])).toMatchObject({ service: 'j', labels: null });
  });

  it('spacecraft_id from spacecraft or spacecraft_id; source from host, hostname or instance', () => {
    expect(streamFields([['spacecraft_id', 'b'], ['spacecraft', 'a'], ['instance', 'i:1'], ['hostname', 'h']])).toMatchObject({
      spacecraft_id: 'a',
      source: 'h',
      labels: '{"spacecraft_id":"b","instance":"i:1"}',
    });
  });

  it('level from level, severity or detected_level via the usual aliases; default INFO', () => {
    expect(streamFields([['level', 'warning']])).toMatchObject({ level: 'WARN', labels: null });
    expect(streamFields([['severity', 'fatal']])).toMatchObject({ level: 'CRITICAL' });
    expect(streamFields([['detected_level', 'err']])).toMatchObject({ level: 'ERROR' });
    expect(streamFields([])).toMatchObject({ level: 'INFO', service: null, spacecraft_id: null, source: null, labels: null });
  });

  it('an unrecognised level stays a label (nothing lost) and the next key is tried', () => {
    expect(streamFields([['level', 'loud'], ['severity', 'debug']])).toMatchObject({ level: 'DEBUG', labels: '{"level":"loud"}' });
    expect(streamFields([['level', 'constructor']])).toMatchObject({ level: 'INFO', labels: '{"level":"constructor"}' });
  });

  it('empty values count as absent', () => {
    expect(streamFields([['service_name', ''], ['job', 'j'], ['zone', '']])).toMatchObject({ service: 'j', labels: null });
  });

  it.each<[string, [string, string][], RegExp]>([
    ['a duplicate label', [['a', '1'], ['a', '2']], /label a: given twice/],
    ['a long service', [['job', 'x'.repeat(201)]], /service label: longer than 200/],
    ['a long spacecraft', [['spacecraft', 'x'.repeat(201)]], /spacecraft label/],
    ['a long label value', [['zone', 'x'.repeat(1025)]], /label zone: too long/],
    ['too many labels', Array.from({ length: 65 }, (_, i): [string, string] => [`l${i}`, 'v']), /more than 64 labels/],
  ])('%s is refused', (_name, pairs, message) => {
    expect(streamFields(pairs)).toMatch(message);
  });

  it('__proto__ as a label name is kept as data', () => {
    const f = streamFields([['__proto__', 'x']]);
    expect(typeof f !== 'string' && JSON.parse(f.labels!)).toEqual(JSON.parse('{"__proto__":"x"}'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('nanosToMs', () => {
  it.each<[unknown, number | RegExp]>([
    [NS, MS],
    ['0', 0],
    ['999999', 0],
    ['9999999999999999999', 9_999_999_999_999],
    ['10000000000000000000', /Unix epoch nanoseconds/],
    [1e20, /outside/],
    [1_795_428_000_123_000_000, MS],
    ['-1', /Unix epoch nanoseconds/],
    ['1.5e18', /Unix epoch nanoseconds/],
    ['', /Unix epoch nanoseconds/],
    [null, /Unix epoch nanoseconds/],
  ])('%j', (input, expected) => {
    const r = nanosToMs(input);
    if (typeof expected === 'number') expect(r).toBe(expected);
    else expect(r).toMatch(expected);
  });
});

describe('parseLokiJson', () => {
  it('maps a push to records: nanoseconds → ms (exact), labels → columns, structured metadata → metadata', () => {
    const batch = parseLokiJson(
      JSON.stringify({
        streams: [
          {
            stream: { service_name: 'adcs', spacecraft: 'sc-7', host: 'gs-2', level: 'warn', env: 'ops' },
            values: [
              [NS, 'wheel 2 speed high'],
              ['1795428000200000000', 'wheel 2 speed nominal', { trace_id: 'abc', span_id: 'def', level: 'info', pass: '42' }],
            ],
          },
        ],
      }),
    );
    expect(batch.rejected).toEqual([]);
    expect(batch.logs).toEqual([
      {
        timestamp: MS, level: 'WARN', service: 'adcs', message: 'wheel 2 speed high', metadata: null, spacecraft_id: 'sc-7',
        request_id: null, trace_id: null, span_id: null, source: 'gs-2', labels: '{"env":"ops"}',
      },
      {
        timestamp: 1_795_428_000_200, level: 'INFO', service: 'adcs', message: 'wheel 2 speed nominal', metadata: '{"pass":"42"}',
        spacecraft_id: 'sc-7', request_id: null, trace_id: 'abc', span_id: 'def', source: 'gs-2', labels: '{"env":"ops"}',
      },
    ]);
  });

  it('bad entries are refused by their index across streams; the rest is kept', () => {
    const batch = parseLokiJson(
      JSON.stringify({
        streams: [
          { stream: { job: 'a' }, values: [[NS, 'ok 0'], ['yesterday', 'bad ts'], [NS, ''], [NS, 5], [NS]] },
          { stream: { job: 'x'.repeat(300) }, values: [[NS, 'bad stream'], [NS, 'bad stream']] },
          'not a stream',
          { stream: { job: 'b', n: 1 }, values: [[NS, 'bad label value']] },
          { stream: { job: 'c' }, values: [[NS, 'ok 10', { k: 1 }], [NS, 'ok 11', { k: 'v' }], [NS, 'x'.repeat(65_537)]] },
        ],
      }),
    );
    expect(batch.logs.map((l) => l.message)).toEqual(['ok 0', 'ok 11']);
    expect(batch.rejected).toEqual([
      { index: 1, error: 'streams[0].values[1]: timestamp: must be a string of Unix epoch nanoseconds' },
      { index: 2, error: 'streams[0].values[2]: line: empty' },
      { index: 3, error: 'streams[0].values[3]: line: must be a string' },
      { index: 4, error: expect.stringMatching(/^streams\[0\]\.values\[4\]: must be \["<unix ns>"/) },
      { index: 5, error: 'streams[1]: service label: longer than 200 characters' },
      { index: 6, error: 'streams[1]: service label: longer than 200 characters' },
      { index: 7, error: expect.stringMatching(/^streams\[2\]: must be an object/) },
      { index: 8, error: 'streams[3]: stream.n: must be a string' },
      { index: 9, error: 'streams[4].values[0]: structured metadata.k: must be a string' },
      { index: 11, error: 'streams[4].values[2]: line: longer than 65536 characters' },
    ]);
  });

  it('an empty push is valid', () => {
    expect(parseLokiJson('{"streams":[]}')).toEqual({ logs: [], metrics: [], spans: [], rejected: [] });
  });

  it.each<[string, string, RegExp]>([
    ['empty', '', /^body: empty/],
    ['invalid JSON', '{"streams":[', /^body: invalid JSON/],
    ['an array', '[{"streams":[]}]', /^body: must be an object \{"streams"/],
    ['no streams', '{"values":[]}', /^body: must be an object/],
    ['__proto__', '{"streams":[],"__proto__":{"polluted":true}}', /^body: invalid JSON/],
  ])('%s → 400', (_name, text, message) => {
    const e = apiError(() => parseLokiJson(text));
    expect(e.code).toBe('bad_request');
    expect(e.message).toMatch(message);
  });
});

// Hand-written wire format for one push, independent of our descriptor.
const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    const byte = n % 128;
    n = Math.floor(n / 128);
    out.push(n ? byte | 0x80 : byte);
  } while (n);
  return out;
};
const ld = (field: number, payload: number[]) => [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
const str = (field: number, s: string) => ld(field, [...Buffer.from(s, 'utf8')]);

describe('parseLokiProtobuf', () => {
  it('decodes a hand-encoded PushRequest (field numbers per push.proto)', () => {
    const timestamp = ld(1, [...varint(1 << 3), ...varint(1_795_428_000), ...varint(2 << 3), ...varint(123_456_789)]);
    const metadata = ld(3, [...str(1, 'trace_id'), ...str(2, 't-1')]);
    const entry = ld(2, [...timestamp, ...str(2, 'hello "world"'), ...metadata]);
    const hash = [...varint(3 << 3), ...varint(12345)];
    const stream = ld(1, [...str(1, '{job="x\\"y", level="error"}'), ...entry, ...hash]);
    const batch = parseLokiProtobuf(compress(Buffer.from(stream)), LIMIT);
    expect(batch.rejected).toEqual([]);
    expect(batch.logs).toEqual([
      {
        timestamp: MS, level: 'ERROR', service: 'x"y', message: 'hello "world"', metadata: null, spacecraft_id: null,
        request_id: null, trace_id: 't-1', span_id: null, source: null, labels: null,
      },
    ]);
  });

  it('a stream with unparseable labels refuses its entries only', () => {
    const body = PushRequest.encode(
      PushRequest.fromObject({
        streams: [
          { labels: '{job="a"', entries: [{ timestamp: { seconds: 1, nanos: 0 }, line: 'x' }, { timestamp: { seconds: 1 }, line: 'y' }] },
          { labels: '{job="b"}', entries: [{ timestamp: { seconds: 2, nanos: 5_000_000 }, line: 'kept' }, { line: 'no timestamp' }] },
        ],
      }),
    ).finish();
    const batch = parseLokiProtobuf(compress(Buffer.from(body)), LIMIT);
    expect(batch.logs.map((l) => [l.timestamp, l.message, l.service])).toEqual([[2005, 'kept', 'b']]);
    expect(batch.rejected).toEqual([
      { index: 0, error: expect.stringMatching(/^streams\[0\]: labels: expected , or \} at character 8/) },
      { index: 1, error: expect.stringMatching(/^streams\[0\]: labels:/) },
      { index: 3, error: 'streams[1].entries[1]: timestamp: missing' },
    ]);
  });

  it('maps decoded Long seconds', () => {
    const batch = mapPushRequest({
      streams: [{ labels: '{}', entries: [{ timestamp: { seconds: { toNumber: () => 1_795_428_000 }, nanos: 123_456_789 }, line: 'l', structuredMetadata: [] }] }],
    });
    expect(batch.logs[0]!.timestamp).toBe(MS);
  });

  it.each<[string, Buffer, string]>([
    ['garbage', Buffer.from('hello, not snappy'), 'bad_request'],
    ['snappy garbage', compress(Buffer.from([0xff, 0xff, 0xff])), 'bad_request'],
    ['uncompressed protobuf', Buffer.from(str(1, 'x'.repeat(20))), 'bad_request'],
    ['a snappy bomb', Buffer.from([...varint(2 ** 31), 0]), 'payload_too_large'],
    ['empty', Buffer.alloc(0), 'bad_request'],
  ])('%s → %s', (_name, body, code) => {
    expect(apiError(() => parseLokiProtobuf(body, LIMIT)).code).toBe(code);
  });
});
