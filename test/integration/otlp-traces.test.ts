/**
 * OTLP traces from the real OpenTelemetry SDK, through both of its exporters (JSON and
 * protobuf), into a real station: ids, nesting, kinds, status, events and nanosecond timing.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SpanRecord } from '../../src/core/db/repos/ingest';
import { startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

/** A stored span, as the spans table holds it. */
type Row = SpanRecord;

function spans(service: string): Map<string, Row> {
  const rows = s.core.db.prepare('SELECT * FROM spans WHERE service = ? ORDER BY id').all(service) as Row[];
  return new Map(rows.map((r) => [r.name, r]));
}

function withEndpoint<T>(make: () => T): T {
  const before = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = s.url;
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = before;
  }
}

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z, seconds

/** A server span with a client child (error status, events) and an internal grandchild. */
async function traceThrough(exporter: SpanExporter, service: string): Promise<{ root: Span; child: Span; leaf: Span }> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'spacecraft.id': 'SC-3', 'host.name': 'ground-3' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('command-router', '2.0.1');
  const root = tracer.startSpan('POST /commands', { kind: SpanKind.SERVER, startTime: [T0, 1_000_500], attributes: { 'http.method': 'POST', attempt: 1 } });
  const child = tracer.startSpan(
    'uplink send',
    { kind: SpanKind.CLIENT, startTime: [T0, 2_000_000], attributes: { 'net.peer.name': 'dsn-madrid', bytes: 2048, secure: true } },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.addEvent('retry', { attempt: 2, backoff_ms: 12.5 }, [T0, 2_500_000]);
  child.recordException(new Error('antenna not locked'), [T0, 3_000_000]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'uplink failed' });
  const leaf = tracer.startSpan('encode frame', { startTime: [T0, 2_100_000] }, trace.setSpan(ROOT_CONTEXT, child));
  leaf.end([T0, 2_100_250]); // 250 ns
  child.end([T0, 4_250_750]);
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([T0 + 1, 0]);
  await provider.forceFlush();
  await provider.shutdown();
  return { root, child, leaf };
}

function expectStored(service: string, sent: { root: Span; child: Span; leaf: Span }): void {
  const stored = spans(service);
  expect(stored.size).toBe(3);
  const root = stored.get('POST /commands')!;
  const child = stored.get('uplink send')!;
  const leaf = stored.get('encode frame')!;
  const traceId = sent.root.spanContext().traceId;
  for (const row of [root, child, leaf]) {
    expect(row).toMatchObject({ trace_id: traceId, service, spacecraft_id: 'SC-3' });
    expect(JSON.parse(row.resource!)).toMatchObject({ 'service.name': service, 'spacecraft.id': 'SC-3', 'host.name': 'ground-3' });
    expect(JSON.parse(row.attributes!)).toMatchObject({ 'otel.scope.name': 'command-router', 'otel.scope.version': '2.0.1' });
  }
  expect(root).toMatchObject({
    span_id: sent.root.spanContext().spanId,
    parent_span_id: null,
    kind: 'server',
    status_code: 'ok',
    start_time: T0 * 1000 + 1,
    end_time: (T0 + 1) * 1000,
  });
  expect(root.duration_ms).toBeCloseTo(998.9995, 9);
  expect(child).toMatchObject({
    span_id: sent.child.spanContext().spanId,
    parent_span_id: sent.root.spanContext().spanId,
    kind: 'client',
    status_code: 'error',
    status_message: 'uplink failed',
    start_time: T0 * 1000 + 2,
    end_time: T0 * 1000 + 4,
  });
  expect(child.duration_ms).toBeCloseTo(2.25075, 9);
  expect(JSON.parse(child.attributes!)).toMatchObject({ 'net.peer.name': 'dsn-madrid', bytes: 2048, secure: true });
  const events = JSON.parse(child.events!) as { name: string; timestamp: number; attributes: Record<string, unknown> }[];
  expect(events).toHaveLength(2);
  expect(events[0]).toEqual({ name: 'retry', timestamp: T0 * 1000 + 2, attributes: { attempt: 2, backoff_ms: 12.5 } });
  expect(events[1]).toMatchObject({ name: 'exception', timestamp: T0 * 1000 + 3, attributes: { 'exception.message': 'antenna not locked', 'exception.type': 'Error' } });
  expect(leaf).toMatchObject({ parent_span_id: sent.child.spanContext().spanId, kind: 'internal', status_code: 'unset', events: null });
  expect(leaf.duration_ms).toBeCloseTo(0.00025, 12);
}

describe('OTLP traces from the real SDK exporters', () => {
  test('JSON exporter (exporter-trace-otlp-http) via OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const sent = await traceThrough(withEndpoint(() => new JsonTraceExporter()), 'traces-json');
    expectStored('traces-json', sent);
  });

  test('protobuf exporter (exporter-trace-otlp-proto) via OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const sent = await traceThrough(withEndpoint(() => new ProtoTraceExporter()), 'traces-proto');
    expectStored('traces-proto', sent);
  });

  test('protobuf exporter with the url option', async () => {
    const sent = await traceThrough(new ProtoTraceExporter({ url: `${s.url}/v1/traces` }), 'traces-url');
    expectStored('traces-url', sent);
    expect(s.core.ingest.byProtocol.get('otlp-traces')?.spans).toBe(9);
  });
});
