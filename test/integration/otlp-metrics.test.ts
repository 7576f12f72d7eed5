/**
 * OTLP metrics from the real OpenTelemetry SDK, through both of its exporters (JSON and
 * protobuf), into a real station. The exporter is wrapped to keep what the SDK handed it, so
 * timestamps are checked against the SDK's own, and the export's own result must be success.
 */
import { AggregationTemporalityPreference, OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

interface Sample {
  metric_name: string;
  value: number;
  unit: string | null;
  timestamp: number;
  source_system: string | null;
  tags: Record<string, string>;
}

function samples(service: string, name: string): Sample[] {
  const rows = s.core.db
    .prepare(`SELECT * FROM system_metrics WHERE metric_name = ? AND json_extract(tags, '$.service') = ? ORDER BY id`)
    .all(name, service) as (Omit<Sample, 'tags'> & { tags: string })[];
  return rows.map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
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

/** Keeps what the SDK exported and the export's result. */
function recording(inner: PushMetricExporter) {
  const sent: ResourceMetrics[] = [];
  const results: number[] = [];
  const exporter: PushMetricExporter = {
    export(metrics, done) {
      sent.push(metrics);
      inner.export(metrics, (result) => {
        results.push(result.code);
        done(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
  };
  return { exporter, sent, results };
}

const HISTOGRAM_VALUES = [5, 50, 50, 500, 5000];
const EXPONENTIAL_VALUES = [1, 2, 4, 100, 3000, 3000];

async function recordThrough(inner: PushMetricExporter, service: string) {
  const rec = recording(inner);
  const reader = new PeriodicExportingMetricReader({ exporter: rec.exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'spacecraft.id': 'SC-9', 'host.name': 'ground-2' }),
    readers: [reader],
    views: [{ instrumentName: 'uplink.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('power-meter', '1.0.0');
  const gauge = meter.createGauge('battery.voltage', { unit: 'V' });
  gauge.record(28.5, { bus: 'A' });
  gauge.record(27.25, { bus: 'B' });
  const frames = meter.createCounter('telemetry.frames', { unit: '{frame}' });
  frames.add(5, { link: 's-band' });
  frames.add(3, { link: 's-band' });
  frames.add(2, { link: 'x-band' });
  const queue = meter.createUpDownCounter('command.queue');
  queue.add(5);
  queue.add(-2);
  const latency = meter.createHistogram('downlink.latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100, 1000] } });
  for (const v of HISTOGRAM_VALUES) latency.record(v, { station: 'madrid' });
  const size = meter.createHistogram('uplink.size', { unit: 'By' });
  for (const v of EXPONENTIAL_VALUES) size.record(v);
  // Shutdown collects and exports once (a forceFlush first would export the cumulative points twice).
  await provider.shutdown();
  return rec;
}

/** epoch ms of the first data point of the named metric, as the SDK stamped it. */
function sdkTime(sent: ResourceMetrics[], name: string): number {
  for (const rm of sent) {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        if (m.descriptor.name === name && m.dataPoints[0]) {
          const [sec, ns] = m.dataPoints[0].endTime;
          return sec * 1000 + Math.floor(ns / 1e6);
        }
      }
    }
  }
  throw new Error(`${name} not exported`);
}

function expectStored(service: string, rec: Awaited<ReturnType<typeof recordThrough>>, temporality: 'cumulative' | 'delta'): void {
  expect(rec.results).toEqual([0]); // one export, ExportResultCode.SUCCESS
  const base = { service, spacecraft_id: 'SC-9' };
  const delta = temporality === 'delta' ? { __temporality: 'delta' } : {};

  const voltage = samples(service, 'battery.voltage');
  expect(voltage.map((x) => [x.value, x.tags])).toEqual([
    [28.5, { bus: 'A', ...base, __type: 'gauge' }],
    [27.25, { bus: 'B', ...base, __type: 'gauge' }],
  ]);
  expect(voltage[0]).toMatchObject({ unit: 'V', source_system: 'ground-2', timestamp: sdkTime(rec.sent, 'battery.voltage') });

  const frames = samples(service, 'telemetry.frames');
  expect(frames.map((x) => [x.value, x.tags])).toEqual([
    [8, { link: 's-band', ...base, __type: 'counter', ...delta }],
    [2, { link: 'x-band', ...base, __type: 'counter', ...delta }],
  ]);
  expect(frames[0]?.timestamp).toBe(sdkTime(rec.sent, 'telemetry.frames'));

  // An up-down counter is a non-monotonic sum: a gauge-like value, not a counter.
  expect(samples(service, 'command.queue').map((x) => [x.value, x.tags.__type])).toEqual([[3, 'gauge']]);

  const labels = { station: 'madrid', ...base, __type: 'histogram', ...delta };
  expect(samples(service, 'downlink.latency_count').map((x) => [x.value, x.tags, x.unit])).toEqual([[5, labels, null]]);
  expect(samples(service, 'downlink.latency_sum').map((x) => [x.value, x.unit])).toEqual([[5605, 'ms']]);
  expect(samples(service, 'downlink.latency_bucket').map((x) => [x.tags.le, x.value])).toEqual([
    ['10', 1],
    ['100', 3],
    ['1000', 4],
    ['+Inf', 5],
  ]);
  expect(samples(service, 'downlink.latency_bucket')[0]?.timestamp).toBe(sdkTime(rec.sent, 'downlink.latency'));

  // Exponential buckets → cumulative `le` buckets: at every bound, exactly the values ≤ it.
  expect(samples(service, 'uplink.size_count').map((x) => x.value)).toEqual([EXPONENTIAL_VALUES.length]);
  expect(samples(service, 'uplink.size_sum').map((x) => x.value)).toEqual([EXPONENTIAL_VALUES.reduce((a, b) => a + b)]);
  const buckets = samples(service, 'uplink.size_bucket');
  expect(buckets.length).toBeGreaterThan(2);
  expect(buckets.at(-1)).toMatchObject({ value: EXPONENTIAL_VALUES.length, tags: { le: '+Inf', __type: 'histogram' } });
  for (const b of buckets.slice(0, -1)) {
    expect(b.value).toBe(EXPONENTIAL_VALUES.filter((v) => v <= Number(b.tags.le)).length);
  }
}

describe('OTLP metrics from the real SDK exporters', () => {
  test('JSON exporter (exporter-metrics-otlp-http) via OTEL_EXPORTER_OTLP_ENDPOINT, cumulative', async () => {
    const rec = await recordThrough(withEndpoint(() => new JsonMetricExporter()), 'metrics-json');
    expectStored('metrics-json', rec, 'cumulative');
  });

  test('protobuf exporter (exporter-metrics-otlp-proto) via OTEL_EXPORTER_OTLP_ENDPOINT, cumulative', async () => {
    const rec = await recordThrough(withEndpoint(() => new ProtoMetricExporter()), 'metrics-proto');
    expectStored('metrics-proto', rec, 'cumulative');
  });

  test('protobuf exporter with delta temporality marks the samples', async () => {
    const exporter = new ProtoMetricExporter({ url: `${s.url}/v1/metrics`, temporalityPreference: AggregationTemporalityPreference.DELTA });
    const rec = await recordThrough(exporter, 'metrics-delta');
    expectStored('metrics-delta', rec, 'delta');
  });
});
