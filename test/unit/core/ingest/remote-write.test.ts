import { compress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { isStaleMarker, mapWriteRequest, parseRemoteWrite } from '../../../../src/core/ingest/formats/remote-write';
import { WriteRequest, type DecodedWriteRequest } from '../../../../src/core/ingest/formats/proto/remote-write';
import { snappyDeclaredLength, snappyUncompress } from '../../../../src/core/ingest/formats/snappy';
import { ApiError } from '../../../../src/shared/api/errors';

const LIMIT = 1024 * 1024;
const T = 1_795_428_000_000;

// Hand-written protobuf wire format: checks our field numbers against the spec, not against
// the same descriptor that decodes them.
const varint = (n: number | bigint): number[] => {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
};
const bytesField = (field: number, payload: number[] | Uint8Array) => [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
const stringField = (field: number, s: string) => bytesField(field, [...Buffer.from(s, 'utf8')]);
const doubleBits = (field: number, lo: number, hi: number) => {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(lo, 0);
  b.writeUInt32LE(hi, 4);
  return [(field << 3) | 1, ...b];
};
const double = (field: number, v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return [(field << 3) | 1, ...b];
};
const label = (name: string, value: string) => bytesField(1, [...stringField(1, name), ...stringField(2, value)]);
const sample = (valueBytes: number[], ts: number) => bytesField(2, [...valueBytes, ...varint(2 << 3), ...varint(ts)]);
const series = (...parts: number[][]) => bytesField(1, parts.flat());

function snappy(bytes: number[] | Uint8Array): Buffer {
  return compress(Buffer.from(bytes));
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

function encode(request: object): Buffer {
  return snappy(WriteRequest.encode(WriteRequest.fromObject(request)).finish());
}

describe('parseRemoteWrite: the wire format', () => {
  it('decodes a hand-encoded WriteRequest (field numbers per the 1.0 spec)', () => {
    const body = snappy(series(label('__name__', 'battery_volts'), label('instance', 'sc-7:9100'), label('job', 'eps'), sample(double(1, 28.5), T)));
    const { batch, series: n, skipped } = parseRemoteWrite(body, LIMIT);
    expect(n).toBe(1);
    expect(batch.rejected).toEqual([]);
    expect(batch.metrics).toEqual([
      { metric_name: 'battery_volts', value: 28.5, unit: null, timestamp: T, source_system: 'sc-7:9100', tags: '{"instance":"sc-7:9100","job":"eps"}' },
    ]);
    expect(skipped).toEqual({ stale: 0, nan: 0, infinite: 0, histograms: 0 });
  });

  it('skips and counts stale markers (NaN 0x7ff0000000000002), other NaNs and ±Inf; stores the rest', () => {
    const body = snappy(
      series(
        label('__name__', 'temp'),
        sample(double(1, 1), T),
        sample(doubleBits(1, 0x00000002, 0x7ff00000), T + 1000),
        sample(double(1, NaN), T + 2000),
        sample(double(1, Infinity), T + 3000),
        sample(double(1, -Infinity), T + 4000),
        sample(double(1, -0.5), T + 5000),
      ),
    );
    const { batch, skipped } = parseRemoteWrite(body, LIMIT);
    expect(batch.metrics.map((m) => [m.timestamp, m.value])).toEqual([
      [T, 1],
      [T + 5000, -0.5],
    ]);
    expect(batch.rejected).toEqual([]);
    expect(skipped).toEqual({ stale: 1, nan: 1, infinite: 2, histograms: 0 });
  });

  it('counts native histogram samples (field 4) as skipped and ignores exemplars (field 3)', () => {
    const exemplar = bytesField(3, [...label('trace_id', 'abc'), ...double(2, 1), ...varint(3 << 3), ...varint(T)]);
    const histogram = bytesField(4, [...varint(1 << 3), ...varint(3)]);
    const body = snappy(series(label('__name__', 'lat'), sample(double(1, 2), T), exemplar, histogram, histogram));
    const { batch, skipped } = parseRemoteWrite(body, LIMIT);
    expect(batch.metrics).toHaveLength(1);
    expect(skipped.histograms).toBe(2);
  });

  it('a metadata-only request (field 3) is valid and stores nothing', () => {
    const metadata = bytesField(3, [...varint(1 << 3), ...varint(2), ...stringField(2, 'temp'), ...stringField(4, 'help text'), ...stringField(5, 'celsius')]);
    const { batch, series: n } = parseRemoteWrite(snappy(metadata), LIMIT);
    expect(n).toBe(0);
    expect(batch).toEqual({ logs: [], metrics: [], spans: [], rejected: [] });
  });

  it('negative int64 timestamps (ten-byte varints) are refused, not wrapped', () => {
    const body = snappy(series(label('__name__', 'x'), sample(double(1, 1), T), bytesField(2, [...double(1, 2), ...varint(2 << 3), ...varint(2n ** 64n - 1000n)])));
    const { batch } = parseRemoteWrite(body, LIMIT);
    expect(batch.metrics).toHaveLength(1);
    expect(batch.rejected).toEqual([{ index: 0, error: expect.stringMatching(/^timeseries\[0\]: 1 of 2 samples refused: timestamp outside/) }]);
  });
});

describe('parseRemoteWrite: bodies it refuses', () => {
  it.each<[string, Buffer, string, RegExp]>([
    ['empty', Buffer.alloc(0), 'bad_request', /^body: empty/],
    ['not snappy (truncated stream)', Buffer.from([0x10, 0x00, 0x01]), 'bad_request', /not valid snappy/],
    ['a length header that never ends', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'bad_request', /bad length header/],
    ['snappy, but not protobuf', snappy([0xff, 0xff, 0xff, 0xff]), 'bad_request', /^body: not a prometheus\.WriteRequest/],
    ['snappy, but a truncated message', snappy(series(label('__name__', 'x')).slice(0, -3)), 'bad_request', /^body: not a prometheus\.WriteRequest/],
  ])('%s → %s', (_name, body, code, message) => {
    const e = apiError(() => parseRemoteWrite(body, LIMIT));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('a snappy bomb (a few bytes declaring 4 GiB) is a 413 before anything is allocated', () => {
    const bomb = Buffer.from([...varint(0xffffffff), 0x00]);
    expect(snappyDeclaredLength(bomb)).toBe(0xffffffff);
    const e = apiError(() => parseRemoteWrite(bomb, LIMIT));
    expect(e.code).toBe('payload_too_large');
    expect(e.message).toMatch(/declares 4294967295 bytes/);
  });

  it('a real body that inflates past the limit is a 413; at the limit it is fine', () => {
    const big = compress(Buffer.alloc(LIMIT + 1, 0x41));
    expect(big.length).toBeLessThan(LIMIT / 10);
    expect(apiError(() => snappyUncompress(big, LIMIT)).code).toBe('payload_too_large');
    expect(snappyUncompress(compress(Buffer.alloc(LIMIT, 0x41)), LIMIT)).toHaveLength(LIMIT);
  });

  // snappyjs itself drops bytes written past the declared length and zero-fills a short stream.
  it.each<[string, number]>([
    ['understates', 10],
    ['overstates', 101],
  ])('a stream whose header %s its length is refused', (_name, declared) => {
    const good = compress(Buffer.from('x'.repeat(100)));
    expect(snappyDeclaredLength(good)).toBe(100);
    expect(snappyUncompress(good, LIMIT).toString()).toBe('x'.repeat(100));
    const lying = Buffer.concat([Buffer.from(varint(declared)), good.subarray(1)]);
    expect(apiError(() => snappyUncompress(lying, LIMIT)).message).toMatch(/not valid snappy/);
  });

  it.each<[string, number[]]>([
    ['a copy before any output', [4, 0x01, 0x00]],
    ['a copy reaching back past the start', [8, 0x00, 0x61, 0x01, 0x05]],
    ['a copy cut short', [8, 0x00, 0x61, 0x02, 0x01]],
    ['a literal longer than the body', [8, 0x1c, 0x61]],
  ])('%s is refused', (_name, bytes) => {
    expect(apiError(() => snappyUncompress(Buffer.from(bytes), LIMIT)).message).toMatch(/not valid snappy/);
  });

  it('copies (all three tag kinds) and long literals decode', () => {
    const text = Buffer.from(Array.from({ length: 5000 }, (_, i) => `row ${i % 97} ${'abc'.repeat(i % 5)}`).join('\n'));
    const random = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24));
    for (const input of [text, random, Buffer.concat([random, random])]) {
      expect(snappyUncompress(compress(input), 10 * LIMIT).equals(input)).toBe(true);
    }
    // snappyjs's compressor never emits 4-byte-offset copies; other encoders may.
    expect(snappyUncompress(Buffer.from([5, 0x00, 0x61, 0x0f, 0x01, 0x00, 0x00, 0x00]), LIMIT).toString()).toBe('aaaaa');
  });
});

describe('mapWriteRequest: series → samples', () => {
  const ts = (labels: [string, string][], values: [number, number][] = [[5, T]]) => ({
    labels: labels.map(([name, value]) => ({ name, value })),
    samples: values.map(([value, timestamp]) => ({ value, timestamp })),
    histograms: [],
  });
  const map = (...timeseries: ReturnType<typeof ts>[]) => mapWriteRequest({ timeseries, metadata: [] } as DecodedWriteRequest);

  it('tags are the other labels as JSON, sorted by name; instance also becomes the source', () => {
    const { batch } = map(ts([['__name__', 'up'], ['job', 'eps'], ['instance', 'a:1'], ['band', 'X']]));
    expect(batch.metrics[0]).toMatchObject({ metric_name: 'up', source_system: 'a:1', tags: '{"band":"X","instance":"a:1","job":"eps"}' });
  });

  it('labels in any order: tags still sorted, duplicates still found', () => {
    expect(map(ts([['zone', 'z'], ['__name__', 'm'], ['2', 'two'], ['10', 'ten'], ['a', 'x']])).batch.metrics[0]!.tags).toBe(
      '{"10":"ten","2":"two","a":"x","zone":"z"}',
    );
    expect(map(ts([['b', '1'], ['__name__', 'm'], ['a', '1'], ['b', '2']])).batch.rejected).toEqual([{ index: 0, error: 'timeseries[0]: label b: given twice' }]);
    expect(map(ts([['__name__', 'm'], ['__name__', 'n']])).batch.rejected[0]!.error).toMatch(/label __name__: given twice/);
  });

  it('no other labels → tags null, source null', () => {
    expect(map(ts([['__name__', 'up']])).batch.metrics[0]).toMatchObject({ tags: null, source_system: null, unit: null });
  });

  it('empty label values mean "no label"; reserved __labels are dropped; __unit__ and __type__ are used', () => {
    const { batch } = map(ts([['__name__', 'temp'], ['zone', ''], ['__meta_x', 'y'], ['__unit__', 'celsius'], ['__type__', 'gauge']]));
    expect(batch.metrics[0]).toMatchObject({ metric_name: 'temp', unit: 'celsius', tags: '{"__type":"gauge"}' });
  });

  it('__proto__ is a reserved-looking label (dropped); constructor is kept as data', () => {
    const { batch } = map(ts([['__name__', 'm'], ['__proto__', 'dropped'], ['constructor', 'c']]));
    expect(JSON.parse(batch.metrics[0]!.tags!)).toEqual({ constructor: 'c' });
  });

  it('a bad series is refused by index; the others are kept', () => {
    const { batch } = map(
      ts([['__name__', 'ok1']]),
      ts([['job', 'no-name']]),
      ts([['__name__', 'dup'], ['a', '1'], ['a', '2']]),
      ts([['__name__', 'x'.repeat(201)]]),
      ts([['__name__', 'long'], ['v', 'y'.repeat(1025)]]),
      ts([['__name__', 'many'], ...Array.from({ length: 65 }, (_, i): [string, string] => [`l${i}`, 'v'])]),
      ts([['__name__', ''], ['a', 'b']]),
      ts([['__name__', 'ok2']]),
    );
    expect(batch.metrics.map((m) => m.metric_name)).toEqual(['ok1', 'ok2']);
    expect(batch.rejected).toEqual([
      { index: 1, error: 'timeseries[1]: no __name__ label (the metric name)' },
      { index: 2, error: 'timeseries[2]: label a: given twice' },
      { index: 3, error: 'timeseries[3]: __name__: longer than 200 characters' },
      { index: 4, error: 'timeseries[4]: label v: value longer than 1024 characters' },
      { index: 5, error: 'timeseries[5]: more than 64 labels' },
      { index: 6, error: 'timeseries[6]: no __name__ label (the metric name)' },
    ]);
  });

  it('Long timestamps (as protobufjs decodes int64) are converted', () => {
    const { batch } = mapWriteRequest({
      timeseries: [{ labels: [{ name: '__name__', value: 'm' }], samples: [{ value: 1, timestamp: { toNumber: () => T } }], histograms: [] }],
      metadata: [],
    });
    expect(batch.metrics[0]!.timestamp).toBe(T);
  });

  it('round-trips through the protobuf encoder with many series', () => {
    const timeseries = Array.from({ length: 500 }, (_, i) => ({
      labels: [{ name: '__name__', value: `m${i % 7}` }, { name: 'i', value: String(i) }],
      samples: [{ value: i / 3, timestamp: T + i }],
    }));
    const { batch } = parseRemoteWrite(encode({ timeseries }), LIMIT);
    expect(batch.metrics).toHaveLength(500);
    expect(batch.metrics[499]).toMatchObject({ metric_name: 'm2', value: 499 / 3, timestamp: T + 499, tags: '{"i":"499"}' });
  });
});

describe('isStaleMarker', () => {
  it('only the staleness bit pattern, not every NaN', () => {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(4, 0x7ff00000, true);
    view.setUint32(0, 2, true);
    expect(isStaleMarker(view.getFloat64(0, true))).toBe(true);
    expect(isStaleMarker(NaN)).toBe(false);
    expect(isStaleMarker(Infinity)).toBe(false);
    expect(isStaleMarker(1)).toBe(false);
  });
});
