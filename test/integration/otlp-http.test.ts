/**
 * OTLP/HTTP protocol behaviour against a real station: partial success in both encodings,
 * 400 / 415 / 503 with google.rpc.Status bodies, gzip, idempotent resends. (What the real SDK
 * exporters send is covered by otlp-{logs,metrics,traces}.test.ts; these bodies are hand-made
 * to be wrong in precise ways.)
 */
import { gzipSync } from 'node:zlib';
import type protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OtlpTypes } from '../../src/core/ingest/formats/otlp/proto';
import { startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const NS = '1767225600123456789'; // 2026-01-01T00:00:00.123456789Z
const TRACE = Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex');
const SPAN = Buffer.from('00f067aa0ba902b7', 'hex');

function encode(type: protobuf.Type, value: object): Buffer {
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

function resource(service: string) {
  return { attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'spacecraft.id', value: { stringValue: 'SC-1' } }] };
}

function post(path: string, body: Buffer | string, type: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
}

function count(table: string, service: string): number {
  return (s.core.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE service = ?`).get(service) as { n: number }).n;
}

function totalRows(): number {
  return (s.core.db.prepare('SELECT (SELECT count(*) FROM log_entries) + (SELECT count(*) FROM system_metrics) + (SELECT count(*) FROM spans) AS n').get() as { n: number }).n;
}

async function protobufAnswer(res: Response, type: protobuf.Type): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
  return type.toObject(type.decode(new Uint8Array(await res.arrayBuffer())), { longs: Number }) as Record<string, unknown>;
}

/** Three log records: one good, one with a 5-byte trace id, one with an oversized attribute. */
function mixedLogs(service: string) {
  return {
    resourceLogs: [
      {
        resource: resource(service),
        scopeLogs: [
          {
            logRecords: [
              { timeUnixNano: NS, severityNumber: 9, body: { stringValue: 'good' }, traceId: TRACE, spanId: SPAN },
              { timeUnixNano: NS, body: { stringValue: 'bad id' }, traceId: Buffer.from('0102030405', 'hex') },
              { timeUnixNano: NS, body: { stringValue: 'too big' }, attributes: [{ key: 'big', value: { stringValue: 'x'.repeat(40_000) } }] },
            ],
          },
        ],
      },
    ],
  };
}

describe('partial success', () => {
  test('protobuf: the good record is stored, the two bad ones counted and named', async () => {
    const res = await post('/v1/logs', encode(OtlpTypes.ExportLogsServiceRequest, mixedLogs('partial-proto')), PROTOBUF);
    expect(res.status).toBe(200);
    const answer = await protobufAnswer(res, OtlpTypes.ExportLogsServiceResponse);
    const partial = answer.partialSuccess as { rejectedLogRecords: number; errorMessage: string };
    expect(partial.rejectedLogRecords).toBe(2);
    expect(partial.errorMessage).toMatch(/^2 log records rejected: #1 traceId: must be 16 bytes .*got 5 bytes; #2 attributes\["big"\]: value longer than 32768 characters$/);
    const rows = s.core.db.prepare('SELECT timestamp, message, trace_id, span_id, level FROM log_entries WHERE service = ?').all('partial-proto');
    expect(rows).toEqual([{ timestamp: 1767225600123, message: 'good', trace_id: TRACE.toString('hex'), span_id: SPAN.toString('hex'), level: 'INFO' }]);
  });

  test('JSON: hex ids, bad ids and bad integers reject their own record only', async () => {
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial-json' } }] },
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: NS, body: { stringValue: 'good' }, traceId: TRACE.toString('hex').toUpperCase(), spanId: SPAN.toString('hex') },
                { timeUnixNano: NS, body: { stringValue: 'base64 id' }, traceId: TRACE.toString('base64') },
                { timeUnixNano: 'soon', body: { stringValue: 'bad time' } },
                { body: 'not an AnyValue' },
              ],
            },
          ],
        },
      ],
    };
    const res = await post('/v1/logs', JSON.stringify(body), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const answer = (await res.json()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedLogRecords).toBe('3'); // int64: a decimal string in ProtoJSON
    expect(answer.partialSuccess.errorMessage).toContain('#1 traceId: must be a hex string');
    expect(answer.partialSuccess.errorMessage).toContain('#2 LogRecord.timeUnixNano: invalid integer');
    expect(answer.partialSuccess.errorMessage).toContain('#3 AnyValue: expected object');
    expect(s.core.db.prepare('SELECT message, trace_id FROM log_entries WHERE service = ?').all('partial-json')).toEqual([
      { message: 'good', trace_id: TRACE.toString('hex') },
    ]);
  });

  test('metrics count data points: a NaN gauge point and a malformed histogram point', async () => {
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial-metrics' } }] },
          scopeMetrics: [
            {
              metrics: [
                { name: 'temp', gauge: { dataPoints: [{ timeUnixNano: NS, asDouble: 21.5 }, { timeUnixNano: NS, asDouble: 'NaN' }] } },
                { name: 'lat', histogram: { dataPoints: [{ timeUnixNano: NS, count: '3', bucketCounts: ['1', '2'], explicitBounds: [1, 2] }] } },
              ],
            },
          ],
        },
      ],
    };
    const res = await post('/v1/metrics', JSON.stringify(body), JSON_TYPE);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedDataPoints).toBe('2');
    expect(answer.partialSuccess.errorMessage).toContain('#1 asDouble: not a finite number (metric "temp")');
    expect(answer.partialSuccess.errorMessage).toContain('#2 bucketCounts: 2 counts for 2 explicitBounds');
    const rows = s.core.db.prepare("SELECT metric_name, value FROM system_metrics WHERE json_extract(tags, '$.service') = ?").all('partial-metrics');
    expect(rows).toEqual([{ metric_name: 'temp', value: 21.5 }]);
  });

  test('traces (protobuf): a span without a span id and one ending before it starts', async () => {
    const span = { traceId: TRACE, spanId: SPAN, name: 'ok', startTimeUnixNano: NS, endTimeUnixNano: NS };
    const body = {
      resourceSpans: [
        {
          resource: resource('partial-traces'),
          scopeSpans: [{ spans: [span, { ...span, spanId: Buffer.alloc(0), name: 'no id' }, { ...span, name: 'backwards', endTimeUnixNano: '1767225600000000000' }] }],
        },
      ],
    };
    const res = await post('/v1/traces', encode(OtlpTypes.ExportTraceServiceRequest, body), PROTOBUF);
    expect(res.status).toBe(200);
    const partial = (await protobufAnswer(res, OtlpTypes.ExportTraceServiceResponse)).partialSuccess as { rejectedSpans: number; errorMessage: string };
    expect(partial.rejectedSpans).toBe(2);
    expect(partial.errorMessage).toBe('2 spans rejected: #1 spanId: required, 8 bytes (16 hex characters); #2 endTimeUnixNano: before startTimeUnixNano');
    expect(count('spans', 'partial-traces')).toBe(1);
  });

  test('full success: an empty response message (no partial_success) in either encoding', async () => {
    const body = { resourceLogs: [{ resource: resource('full'), scopeLogs: [{ logRecords: [{ body: { stringValue: 'x' } }] }] }] };
    const proto = await post('/v1/logs', encode(OtlpTypes.ExportLogsServiceRequest, body), PROTOBUF);
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
    const json = await post('/v1/logs', JSON.stringify(body), `${JSON_TYPE}; charset=utf-8`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({});
    expect(count('log_entries', 'full')).toBe(2);
    // An export with nothing in it is not something an SDK sends: a malformed body, refused.
    const empty = await post('/v1/logs', JSON.stringify({ resourceLogs: [] }), JSON_TYPE);
    expect(empty.status).toBe(400);
  });
});

describe('refused requests: a google.rpc.Status in the request encoding, nothing stored', () => {
  test('garbage protobuf → 400', async () => {
    const before = totalRows();
    for (const path of ['/v1/logs', '/v1/metrics', '/v1/traces']) {
      const res = await post(path, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]), PROTOBUF);
      expect(res.status).toBe(400);
      const status = await protobufAnswer(res, OtlpTypes.Status);
      expect(status.code).toBe(3); // INVALID_ARGUMENT
      expect(status.message).toMatch(/^body: not a valid Export(Logs|Metrics|Trace)ServiceRequest protobuf message/);
    }
    expect(totalRows()).toBe(before);
  });

  test('invalid JSON → 400 with a JSON Status', async () => {
    const before = totalRows();
    const res = await post('/v1/traces', '{"resourceSpans": [', JSON_TYPE);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 3, message: expect.stringMatching(/^body: invalid JSON/) });
    const notArray = await post('/v1/logs', '{"resourceLogs": {}}', JSON_TYPE);
    expect(notArray.status).toBe(400);
    expect(((await notArray.json()) as { message: string }).message).toBe('body: resourceLogs must be an array');
    expect(totalRows()).toBe(before);
  });

  test('other content types → 415', async () => {
    const res = await post('/v1/logs', 'hello', 'text/plain');
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 3 });
  });

  test('storage unavailable → 503 with the core\'s Retry-After', async () => {
    // A real full disk, as the writer's connection sees it.
    const writer = s.core.writer as { pragma: (p: string) => Promise<unknown> };
    await writer.pragma(`max_page_count = ${(await writer.pragma('page_count')) as number}`);
    const points = Array.from({ length: 2000 }, (_, i) => ({ timeUnixNano: NS, asDouble: i, attributes: [{ key: 'k', value: { stringValue: `v${i}` } }] }));
    const res = await post('/v1/metrics', encode(OtlpTypes.ExportMetricsServiceRequest, { resourceMetrics: [{ resource: resource('full-disk'), scopeMetrics: [{ metrics: [{ name: 'fill', gauge: { dataPoints: points } }] }] }] }), PROTOBUF);
    await writer.pragma('max_page_count = 1073741823');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await protobufAnswer(res, OtlpTypes.Status)).toMatchObject({ code: 14, message: 'storage is full; the batch was not stored, retry later' });
  });
});

describe('transport', () => {
  test('gzip bodies in both encodings', async () => {
    const metrics = {
      resourceMetrics: [
        { resource: resource('gz'), scopeMetrics: [{ metrics: [{ name: 'gz.value', sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ timeUnixNano: NS, asInt: '42' }] } }] }] },
      ],
    };
    const json = await post('/v1/metrics', gzipSync(JSON.stringify(metrics)), JSON_TYPE, { 'content-encoding': 'gzip' });
    expect(json.status).toBe(200);
    const proto = await post('/v1/metrics', gzipSync(encode(OtlpTypes.ExportMetricsServiceRequest, metrics)), PROTOBUF, { 'content-encoding': 'gzip' });
    expect(proto.status).toBe(200);
    const rows = s.core.db.prepare("SELECT value, timestamp, tags FROM system_metrics WHERE metric_name = 'gz.value'").all();
    // Both arrived; the second is the same series at the same instant, which the metric store
    // keeps once (as Prometheus does with a duplicate sample). Labels are stored sorted.
    expect(rows).toEqual([{ value: 42, timestamp: 1767225600123, tags: '{"__type":"counter","service":"gz","spacecraft_id":"SC-1"}' }]);
    const broken = await post('/v1/metrics', Buffer.from('not gzip'), PROTOBUF, { 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
  });

  test('a resend with the same Idempotency-Key stores nothing and gets the first answer', async () => {
    const body = encode(OtlpTypes.ExportLogsServiceRequest, mixedLogs('idempotent'));
    const first = await post('/v1/logs', body, PROTOBUF, { 'idempotency-key': 'otlp-batch-1' });
    const again = await post('/v1/logs', body, PROTOBUF, { 'idempotency-key': 'otlp-batch-1' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const a = await protobufAnswer(first, OtlpTypes.ExportLogsServiceResponse);
    expect(await protobufAnswer(again, OtlpTypes.ExportLogsServiceResponse)).toEqual(a);
    expect((a.partialSuccess as { rejectedLogRecords: number }).rejectedLogRecords).toBe(2);
    expect(count('log_entries', 'idempotent')).toBe(1);
    expect(s.core.ingest.byProtocol.get('otlp-logs')?.duplicates).toBe(1);
  });

  test('the three receivers are in the OpenAPI document, with both encodings', async () => {
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, { post?: { responses: Record<string, { content?: object }> } }> };
    for (const path of ['/v1/logs', '/v1/metrics', '/v1/traces']) {
      expect(Object.keys(doc.paths[path]?.post?.responses['200']?.content ?? {}).sort()).toEqual([JSON_TYPE, PROTOBUF]);
    }
  });
});
