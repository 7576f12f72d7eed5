import { describe, expect, test } from 'vitest';
import { OtlpTypes } from '../../../../../src/core/ingest/formats/otlp/proto';
import { exportResponse, grpcCode, rejectionMessage, statusBody } from '../../../../../src/core/ingest/formats/otlp/response';

describe('export responses', () => {
  test('full success: an empty message — no bytes in protobuf, {} in JSON', () => {
    expect(exportResponse('logs', [], 'protobuf')).toEqual({ contentType: 'application/x-protobuf', body: Buffer.alloc(0) });
    expect(exportResponse('traces', [], 'json')).toEqual({ contentType: 'application/json', body: '{}' });
  });

  test('partial success per signal, decodable by the response message', () => {
    const rejected = [{ index: 3, error: 'traceId: bad' }];
    const proto = exportResponse('metrics', rejected, 'protobuf');
    const decoded = OtlpTypes.ExportMetricsServiceResponse.toObject(OtlpTypes.ExportMetricsServiceResponse.decode(proto.body as Buffer), { longs: Number });
    expect(decoded).toEqual({ partialSuccess: { rejectedDataPoints: 1, errorMessage: '1 data point rejected: #3 traceId: bad' } });
    expect(JSON.parse(exportResponse('logs', rejected, 'json').body as string)).toEqual({
      partialSuccess: { rejectedLogRecords: '1', errorMessage: '1 log record rejected: #3 traceId: bad' },
    });
    expect(JSON.parse(exportResponse('traces', [...rejected, ...rejected], 'json').body as string).partialSuccess.rejectedSpans).toBe('2');
  });

  test('the message lists the first ten and stays short', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ index: i, error: `e${i} ${'x'.repeat(300)}` }));
    const text = rejectionMessage('logs', many);
    expect(text.startsWith('25 log records rejected: #0 e0')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(rejectionMessage('logs', many.map((r) => ({ ...r, error: 'bad' })))).toMatch(/#9 bad; and 15 more$/);
  });
});

describe('google.rpc.Status', () => {
  test('HTTP status → gRPC code as OTLP/HTTP maps them', () => {
    expect([400, 401, 403, 404, 413, 415, 429, 500, 503, 504, 409].map(grpcCode)).toEqual([3, 16, 7, 5, 3, 3, 8, 13, 14, 4, 2]);
  });

  test('in either encoding', () => {
    expect(JSON.parse(statusBody(400, 'body: bad', 'json').body as string)).toEqual({ code: 3, message: 'body: bad' });
    const proto = statusBody(503, 'retry', 'protobuf');
    expect(proto.contentType).toBe('application/x-protobuf');
    expect(OtlpTypes.Status.toObject(OtlpTypes.Status.decode(proto.body as Buffer))).toEqual({ code: 14, message: 'retry' });
  });
});
