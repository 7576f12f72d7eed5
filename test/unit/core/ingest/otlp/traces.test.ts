import { describe, expect, test } from 'vitest';
import { OtlpTypes } from '../../../../../src/core/ingest/formats/otlp/proto';
import { parseOtlpTraces, spanKindName, statusCodeName } from '../../../../../src/core/ingest/formats/otlp/traces';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = 'b7ad6b7169203331';
const RESOURCE = { attributes: [{ key: 'service.name', value: { stringValue: 'router' } }, { key: 'spacecraft.id', value: { stringValue: 'SC-4' } }] };

function protobufBody(spans: object[]): Buffer {
  const type = OtlpTypes.ExportTraceServiceRequest;
  return Buffer.from(type.encode(type.fromObject({ resourceSpans: [{ resource: RESOURCE, scopeSpans: [{ scope: { name: 'r', version: '1' }, spans }] }] })).finish());
}

const span = {
  traceId: Buffer.from(TRACE, 'hex'),
  spanId: Buffer.from(SPAN, 'hex'),
  parentSpanId: Buffer.from(PARENT, 'hex'),
  name: 'uplink',
  kind: 3,
  startTimeUnixNano: '1767225600001000500',
  endTimeUnixNano: '1767225600003251250',
  attributes: [{ key: 'bytes', value: { intValue: 2048 } }],
  events: [{ timeUnixNano: '1767225600002500000', name: 'retry', attributes: [{ key: 'attempt', value: { intValue: 2 } }] }],
  links: [{ traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(PARENT, 'hex') }],
  status: { code: 2, message: 'antenna not locked' },
};

describe('parseOtlpTraces', () => {
  test('a span with everything: ids as hex, kind and status names, sub-millisecond duration', () => {
    const batch = parseOtlpTraces(protobufBody([span]), 'protobuf');
    expect(batch.rejected).toEqual([]);
    const stored = batch.spans[0]!;
    expect(stored).toMatchObject({
      trace_id: TRACE,
      span_id: SPAN,
      parent_span_id: PARENT,
      name: 'uplink',
      kind: 'client',
      service: 'router',
      spacecraft_id: 'SC-4',
      start_time: 1767225600001,
      end_time: 1767225600003,
      status_code: 'error',
      status_message: 'antenna not locked',
    });
    expect(stored.duration_ms).toBe(2.25075);
    expect(JSON.parse(stored.attributes!)).toEqual({
      bytes: 2048,
      'otel.scope.name': 'r',
      'otel.scope.version': '1',
      'otel.links': [{ trace_id: TRACE, span_id: PARENT, attributes: {} }],
    });
    expect(JSON.parse(stored.events!)).toEqual([{ name: 'retry', timestamp: 1767225600002, attributes: { attempt: 2 } }]);
    expect(JSON.parse(stored.resource!)).toEqual({ 'service.name': 'router', 'spacecraft.id': 'SC-4' });
  });

  test('JSON with hex ids and enum names stores the same span', () => {
    const json = {
      resourceSpans: [
        {
          resource: RESOURCE,
          scopeSpans: [
            {
              scope: { name: 'r', version: '1' },
              spans: [
                {
                  ...span,
                  traceId: TRACE,
                  spanId: SPAN,
                  parentSpanId: PARENT,
                  kind: 'SPAN_KIND_CLIENT',
                  links: [{ traceId: TRACE, spanId: PARENT }],
                  status: { code: 'STATUS_CODE_ERROR', message: 'antenna not locked' },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(parseOtlpTraces(Buffer.from(JSON.stringify(json)), 'json')).toEqual(parseOtlpTraces(protobufBody([span]), 'protobuf'));
  });

  test('a root span has no parent; no events → null; unset status', () => {
    const batch = parseOtlpTraces(protobufBody([{ ...span, parentSpanId: Buffer.alloc(0), events: [], links: [], status: null, kind: 0 }]), 'protobuf');
    expect(batch.spans[0]).toMatchObject({ parent_span_id: null, events: null, status_code: 'unset', status_message: null, kind: null });
  });

  test('bad spans are rejected by position with the field named', () => {
    const batch = parseOtlpTraces(
      protobufBody([
        { ...span, traceId: Buffer.alloc(16) },
        { ...span, startTimeUnixNano: 0 },
        { ...span, status: { code: 7 } },
        { ...span, name: 'n'.repeat(1025) },
        { ...span, links: [{ traceId: Buffer.from([1, 2]), spanId: Buffer.from(SPAN, 'hex') }] },
        span,
      ]),
      'protobuf',
    );
    expect(batch.spans).toHaveLength(1);
    expect(batch.rejected).toEqual([
      { index: 0, error: 'traceId: required, 16 bytes (32 hex characters)' },
      { index: 1, error: 'startTimeUnixNano: required' },
      { index: 2, error: 'status.code: 7 is not UNSET (0), OK (1) or ERROR (2)' },
      { index: 3, error: 'name: longer than 1024 characters' },
      { index: 4, error: 'links[0].traceId: must be 16 bytes (32 hex characters), got 2 bytes' },
    ]);
  });

  test('kind and status names', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(spanKindName)).toEqual([null, 'internal', 'server', 'client', 'producer', 'consumer', null]);
    expect([0, 1, 2].map(statusCodeName)).toEqual(['unset', 'ok', 'error']);
  });
});
