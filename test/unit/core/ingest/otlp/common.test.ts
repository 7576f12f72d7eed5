import { describe, expect, test } from 'vitest';
import {
  anyValueToJson,
  attributesToObject,
  FieldError,
  hexId,
  nanosToMs,
  OTLP_LIMITS,
  resourceContext,
  toBigInt,
  toNumber,
} from '../../../../../src/core/ingest/formats/otlp/common';
import { OtlpTypes, otlpRoot, type AnyValue, type LongBits } from '../../../../../src/core/ingest/formats/otlp/proto';

function fieldError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    return (e as Error).message;
  }
  throw new Error('expected a FieldError');
}

/** An AnyValue as protobufjs decodes it off the wire (oneof getter, Long integers). */
/** A real long.js Long, as protobufjs decodes 64-bit fields: fixed64 (unsigned) or int64 (signed). */
function long(decimal: string, unsigned: boolean): LongBits {
  if (unsigned) {
    const type = OtlpTypes.LogRecord;
    return (type.decode(type.encode(type.fromObject({ timeUnixNano: decimal })).finish()) as unknown as { timeUnixNano: LongBits }).timeUnixNano;
  }
  return wire({ intValue: decimal }).intValue as LongBits;
}

function wire(value: object): AnyValue {
  const type = otlpRoot.lookupType('opentelemetry.proto.common.v1.AnyValue');
  return type.decode(type.encode(type.fromObject(value)).finish()) as unknown as AnyValue;
}

describe('64-bit integers and time', () => {
  test('Long (signed and unsigned), decimal strings and numbers, exactly', () => {
    expect(toBigInt(long('18446744073709551615', true))).toBe(18446744073709551615n);
    expect(toBigInt(long('-5', false))).toBe(-5n);
    expect(toBigInt('1767225600123456789')).toBe(1767225600123456789n);
    expect(toBigInt(42)).toBe(42n);
    expect(toBigInt(null)).toBe(0n);
    expect(toNumber(long('12345', false))).toBe(12345);
  });

  test('nanoseconds → epoch ms, floored without float rounding', () => {
    // As a double, 1767225600123999999 would round up to …124000000.
    expect(nanosToMs('1767225600123999999', 't')).toBe(1767225600123);
    expect(nanosToMs(long('1767225600123999999', true), 't')).toBe(1767225600123);
    expect(nanosToMs(0, 't')).toBeNull();
    expect(nanosToMs(undefined, 't')).toBeNull();
    expect(fieldError(() => nanosToMs('99999999999999999999', 'timeUnixNano'))).toBe('timeUnixNano: out of range (nanoseconds since the epoch expected)');
  });
});

describe('ids', () => {
  test('bytes → lowercase hex; empty or all-zero means none; other lengths are bad', () => {
    expect(hexId(Buffer.from('4BF92F3577B34DA6A3CE929D0E0E4736', 'hex'), 'traceId', 16)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(hexId(new Uint8Array(0), 'traceId', 16)).toBeNull();
    expect(hexId(new Uint8Array(16), 'traceId', 16)).toBeNull();
    expect(fieldError(() => hexId(new Uint8Array(8), 'spanId', 8, true))).toBe('spanId: required, 8 bytes (16 hex characters)');
    expect(fieldError(() => hexId(new Uint8Array([1, 2, 3]), 'traceId', 16))).toBe('traceId: must be 16 bytes (32 hex characters), got 3 bytes');
  });

  test('a view into a larger buffer (how protobufjs hands out bytes) reads only its own bytes', () => {
    const big = Buffer.from('ffff00f067aa0ba902b7ffff', 'hex');
    expect(hexId(big.subarray(2, 10), 'spanId', 8)).toBe('00f067aa0ba902b7');
  });
});

describe('attribute values', () => {
  test('every AnyValue kind as it comes off the wire', () => {
    expect(anyValueToJson(wire({ stringValue: '' }), 'v')).toBe('');
    expect(anyValueToJson(wire({ boolValue: false }), 'v')).toBe(false);
    expect(anyValueToJson(wire({ intValue: 0 }), 'v')).toBe(0);
    expect(anyValueToJson(wire({ intValue: '-9007199254740991' }), 'v')).toBe(-9007199254740991);
    expect(anyValueToJson(wire({ intValue: '9223372036854775807' }), 'v')).toBe('9223372036854775807');
    expect(anyValueToJson(wire({ doubleValue: 1.5 }), 'v')).toBe(1.5);
    expect(anyValueToJson(wire({ doubleValue: NaN }), 'v')).toBe('NaN');
    expect(anyValueToJson(wire({ bytesValue: Buffer.from([1, 2, 3]) }), 'v')).toBe('AQID');
    expect(anyValueToJson(wire({}), 'v')).toBeNull();
    expect(
      anyValueToJson(wire({ kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'x' }, {}] } } }] } }), 'v'),
    ).toEqual({ a: [1, 'x', null] });
  });

  test('a plain object (no oneof getter) is read by the member it has', () => {
    expect(anyValueToJson({ intValue: 7 }, 'v')).toBe(7);
    expect(anyValueToJson({ stringValue: 'hi' }, 'v')).toBe('hi');
  });

  test('nesting deeper than the limit is refused, naming the attribute', () => {
    let v: object = { stringValue: 'leaf' };
    for (let i = 0; i <= OTLP_LIMITS.depth + 1; i++) v = { arrayValue: { values: [v] } };
    expect(fieldError(() => attributesToObject([{ key: 'deep', value: v }], 'attributes'))).toMatch(/^attributes\["deep"\](\[0\])+: nested deeper than 16 levels$/);
  });

  test('"__proto__" is just a key', () => {
    const obj = attributesToObject([{ key: '__proto__', value: { stringValue: 'x' } }], 'attributes');
    expect(JSON.stringify(obj)).toBe('{"__proto__":"x"}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('oversized values, keys and counts reject with the attribute named', () => {
    expect(fieldError(() => attributesToObject([{ key: 'big', value: { stringValue: 'x'.repeat(OTLP_LIMITS.attributeValue + 1) } }], 'attributes'))).toBe(
      'attributes["big"]: value longer than 32768 characters',
    );
    const many = Array.from({ length: OTLP_LIMITS.attributes + 1 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
    expect(fieldError(() => attributesToObject(many, 'attributes'))).toBe('attributes: more than 256 attributes');
    expect(fieldError(() => attributesToObject([{ key: 'k'.repeat(300), value: {} }], 'attributes'))).toMatch(/key longer than 256 characters$/);
  });
});

describe('resource', () => {
  test('service.name, spacecraft.id and host.name are picked out; all attributes kept', () => {
    const ctx = resourceContext({
      attributes: [
        { key: 'service.name', value: { stringValue: 'telemetry' } },
        { key: 'spacecraft.id', value: { stringValue: 'SC-1' } },
        { key: 'host.name', value: { stringValue: 'gs-1' } },
        { key: 'region', value: { stringValue: 'eu' } },
      ],
    });
    expect(ctx).toMatchObject({ service: 'telemetry', spacecraftId: 'SC-1', host: 'gs-1' });
    expect({ ...ctx.attributes }).toEqual({ 'service.name': 'telemetry', 'spacecraft.id': 'SC-1', 'host.name': 'gs-1', region: 'eu' });
    expect(resourceContext(null)).toMatchObject({ service: null, spacecraftId: null, host: null });
  });

  test('an over-long service name is a bad resource', () => {
    expect(fieldError(() => resourceContext({ attributes: [{ key: 'service.name', value: { stringValue: 's'.repeat(201) } }] }))).toBe(
      'resource.attributes["service.name"]: longer than 200 characters',
    );
  });
});
