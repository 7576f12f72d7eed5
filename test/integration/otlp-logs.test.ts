/**
 * OTLP logs from the real OpenTelemetry SDK, through both of its exporters (JSON and protobuf),
 * into a real station: what the SDK sent is what the store holds.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { SeverityNumber, type LogRecord as SdkLogRecord } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestStation, type TestStation } from '../support/station';
import type { RawLogRow } from '../../src/core/db/repos/logs';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

/** A stored line as the table holds it (metadata and labels as JSON text). */
type Row = RawLogRow;

function rows(service: string): Row[] {
  return s.core.db.prepare('SELECT * FROM log_entries WHERE service = ? ORDER BY id').all(service) as Row[];
}

/** Construct the exporter under these OTEL_* variables, as a deployment would configure it. */
function withEnv<T>(vars: Record<string, string>, make: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return make();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A pass-through proxy in front of the station that notes each request's Content-Encoding. */
async function recordingProxy(target: string): Promise<{ url: string; encodings: string[]; close(): Promise<void> }> {
  const encodings: string[] = [];
  const server = createServer((req, res) => {
    encodings.push(String(req.headers['content-encoding'] ?? 'identity'));
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, encodings, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z, seconds
const spanContext: SpanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };

/** Severity inputs and the level each must be stored as. */
const SENT: { record: SdkLogRecord; level: string }[] = [
  { record: { severityNumber: SeverityNumber.TRACE, severityText: 'TRACE', body: 'trace line' }, level: 'DEBUG' },
  { record: { severityNumber: SeverityNumber.DEBUG2, body: 'debug line' }, level: 'DEBUG' },
  { record: { severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'info line' }, level: 'INFO' },
  { record: { severityNumber: SeverityNumber.WARN4, body: 'warn line' }, level: 'WARN' },
  { record: { severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'error line' }, level: 'ERROR' },
  { record: { severityNumber: SeverityNumber.FATAL, body: 'fatal line' }, level: 'CRITICAL' },
  { record: { severityText: 'warning', body: 'text-only severity' }, level: 'WARN' },
  { record: { body: 'no severity at all' }, level: 'INFO' },
  { record: { severityNumber: SeverityNumber.INFO, body: { event: 'docked', port: 2 } }, level: 'INFO' },
];

async function emitThrough(exporter: LogRecordExporter, service: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'spacecraft.id': 'SC-7', 'host.name': 'ground-1', 'deployment.environment': 'test' }),
    processors: [new BatchLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('flight-software', '3.1.4');
  SENT.forEach(({ record }, i) => {
    logger.emit({
      ...record,
      timestamp: [T0 + i, 123_456_789], // nanoseconds: stored as ...123 ms
      attributes: { seq: i, subsystem: 'power', nominal: i % 2 === 0, ratio: 0.5, tags: ['a', 'b'] },
      // The trace context rides on the first line only.
      context: i === 0 ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : context.active(),
    });
  });
  await provider.forceFlush();
  await provider.shutdown();
}

function expectStored(service: string): void {
  const stored = rows(service);
  expect(stored).toHaveLength(SENT.length);
  stored.forEach((row, i) => {
    expect(row.level).toBe(SENT[i]!.level);
    expect(row.timestamp).toBe((T0 + i) * 1000 + 123);
    expect(row.spacecraft_id).toBe('SC-7');
    expect(row.source).toBe('ground-1');
    const metadata = JSON.parse(row.metadata!) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      seq: i,
      subsystem: 'power',
      nominal: i % 2 === 0,
      ratio: 0.5,
      tags: ['a', 'b'],
      'otel.scope.name': 'flight-software',
      'otel.scope.version': '3.1.4',
      'otel.resource': { 'service.name': service, 'spacecraft.id': 'SC-7', 'host.name': 'ground-1', 'deployment.environment': 'test' },
    });
  });
  expect(stored.map((r) => r.message)).toEqual([...SENT.slice(0, -1).map((x) => x.record.body), '{"event":"docked","port":2}']);
  expect(stored[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
  expect(stored.slice(1).every((r) => r.trace_id === null && r.span_id === null)).toBe(true);
  expect(JSON.parse(stored[6]!.metadata!)).toMatchObject({ 'otel.severity_text': 'warning' });
  expect(JSON.parse(stored[1]!.metadata!)).toMatchObject({ 'otel.severity_number': SeverityNumber.DEBUG2 });
}

describe('OTLP logs from the real SDK exporters', () => {
  test('JSON exporter (exporter-logs-otlp-http) via OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    await emitThrough(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: s.url }, () => new JsonLogExporter()), 'logs-json');
    expectStored('logs-json');
  });

  test('protobuf exporter (exporter-logs-otlp-proto) via OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    await emitThrough(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: s.url }, () => new ProtoLogExporter()), 'logs-proto');
    expectStored('logs-proto');
  });

  test('gzip-compressed bodies from both exporters (OTEL_EXPORTER_OTLP_COMPRESSION=gzip)', async () => {
    const proxy = await recordingProxy(s.url);
    try {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: proxy.url, OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' };
      await emitThrough(withEnv(env, () => new JsonLogExporter()), 'logs-json-gz');
      await emitThrough(withEnv(env, () => new ProtoLogExporter()), 'logs-proto-gz');
    } finally {
      await proxy.close();
    }
    expect(proxy.encodings).toEqual(['gzip', 'gzip']);
    expectStored('logs-json-gz');
    expectStored('logs-proto-gz');
  });

  test('the per-protocol counter sees the requests', () => {
    expect(s.core.ingest.byProtocol.get('otlp-logs')?.lines).toBeGreaterThanOrEqual(SENT.length * 4);
  });
});
