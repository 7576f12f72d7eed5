import { describe, expect, test } from 'vitest';
import { metricName, parseOtlpMetrics } from '../../../../../src/core/ingest/formats/otlp/metrics';
import { OtlpTypes } from '../../../../../src/core/ingest/formats/otlp/proto';
import type { MetricSample } from '../../../../../src/core/db/repos/metrics';

const NOW = 1_800_000_000_000;
const NS = '1767225600123456789';
const MS = 1_767_225_600_123;
const RESOURCE = { attributes: [{ key: 'service.name', value: { stringValue: 'power' } }, { key: 'spacecraft.id', value: { stringValue: 'SC-2' } }] };

function body(metrics: object[]): Buffer {
  const type = OtlpTypes.ExportMetricsServiceRequest;
  return Buffer.from(type.encode(type.fromObject({ resourceMetrics: [{ resource: RESOURCE, scopeMetrics: [{ metrics }] }] })).finish());
}

function parse(metrics: object[]) {
  return parseOtlpMetrics(body(metrics), 'protobuf', NOW);
}

/** [name, value, extra labels (le / quantile), unit] per sample. */
function summary(samples: MetricSample[]) {
  return samples.map((s) => {
    const { service: _s, spacecraft_id: _c, __type: _t, __temporality: _d, ...extra } = JSON.parse(s.tags!) as Record<string, string>;
    return [s.metric_name, s.value, extra, s.unit];
  });
}

const point = (extra: object) => ({ timeUnixNano: NS, attributes: [{ key: 'bus', value: { stringValue: 'A' } }], ...extra });

describe('parseOtlpMetrics', () => {
  test('gauge and sums: labels are the point attributes, the resource and the type', () => {
    const batch = parse([
      { name: 'battery.voltage', unit: 'V', gauge: { dataPoints: [point({ asDouble: 28.5 })] } },
      { name: 'frames', sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [point({ asInt: '9007199254740993' })] } },
      { name: 'queue', sum: { isMonotonic: false, aggregationTemporality: 1, dataPoints: [point({ asInt: -3 })] } },
    ]);
    expect(batch.rejected).toEqual([]);
    expect(batch.metrics).toEqual([
      { metric_name: 'battery.voltage', value: 28.5, unit: 'V', timestamp: MS, source_system: 'power', tags: '{"bus":"A","service":"power","spacecraft_id":"SC-2","__type":"gauge"}' },
      { metric_name: 'frames', value: 9007199254740992, unit: null, timestamp: MS, source_system: 'power', tags: '{"bus":"A","service":"power","spacecraft_id":"SC-2","__type":"counter"}' },
      {
        metric_name: 'queue',
        value: -3,
        unit: null,
        timestamp: MS,
        source_system: 'power',
        tags: '{"bus":"A","service":"power","spacecraft_id":"SC-2","__type":"gauge","__temporality":"delta"}',
      },
    ]);
  });

  test('histogram: _count, _sum and cumulative _bucket{le}', () => {
    const batch = parse([
      { name: 'latency', unit: 'ms', histogram: { aggregationTemporality: 2, dataPoints: [point({ count: 6, sum: 1234.5, bucketCounts: [1, 2, 0, 3], explicitBounds: [0.5, 10, 100] })] } },
    ]);
    expect(summary(batch.metrics)).toEqual([
      ['latency_count', 6, { bus: 'A' }, null],
      ['latency_sum', 1234.5, { bus: 'A' }, 'ms'],
      ['latency_bucket', 1, { bus: 'A', le: '0.5' }, null],
      ['latency_bucket', 3, { bus: 'A', le: '10' }, null],
      ['latency_bucket', 3, { bus: 'A', le: '100' }, null],
      ['latency_bucket', 6, { bus: 'A', le: '+Inf' }, null],
    ]);
    expect(JSON.parse(batch.metrics[0]!.tags!).__type).toBe('histogram');
  });

  test('histogram without buckets or sum: just the count', () => {
    expect(summary(parse([{ name: 'h', histogram: { dataPoints: [point({ count: 2 })] } }]).metrics)).toEqual([['h_count', 2, { bus: 'A' }, null]]);
  });

  test('exponential histogram (scale 0: bounds are powers of two) with negative and zero buckets', () => {
    const batch = parse([
      {
        name: 'size',
        exponentialHistogram: {
          dataPoints: [
            point({
              count: 9,
              sum: 20,
              scale: 0,
              zeroCount: 1,
              // positive bucket i holds (2^i, 2^(i+1)]: offset 1 → (2,4], (4,8], (8,16]
              positive: { offset: 1, bucketCounts: [2, 0, 3] },
              // negative bucket i holds [-2^(i+1), -2^i): offset 0 → [-2,-1), [-4,-2)
              negative: { offset: 0, bucketCounts: [1, 2] },
            }),
          ],
        },
      },
    ]);
    expect(summary(batch.metrics)).toEqual([
      ['size_count', 9, { bus: 'A' }, null],
      ['size_sum', 20, { bus: 'A' }, null],
      ['size_bucket', 2, { bus: 'A', le: '-2' }, null],
      ['size_bucket', 3, { bus: 'A', le: '-1' }, null],
      ['size_bucket', 4, { bus: 'A', le: '0' }, null],
      ['size_bucket', 6, { bus: 'A', le: '4' }, null],
      ['size_bucket', 9, { bus: 'A', le: '16' }, null],
      ['size_bucket', 9, { bus: 'A', le: '+Inf' }, null],
    ]);
  });

  test('exponential bounds at a positive scale: ratio 2^(2^-scale) between buckets', () => {
    const batch = parse([{ name: 'e', exponentialHistogram: { dataPoints: [point({ count: 2, scale: 2, positive: { offset: 4, bucketCounts: [1, 1] } })] } }]);
    const les = batch.metrics.filter((m) => m.metric_name === 'e_bucket').map((m) => JSON.parse(m.tags!).le as string);
    expect(les.slice(0, 2).map(Number)).toEqual([2 ** (5 / 4), 2 ** (6 / 4)]);
  });

  test('summary: _count, _sum and the quantiles under the metric name', () => {
    const batch = parse([{ name: 'rtt', unit: 's', summary: { dataPoints: [point({ count: 10, sum: 5, quantileValues: [{ quantile: 0.5, value: 0.4 }, { quantile: 0.99, value: 1.2 }] })] } }]);
    expect(summary(batch.metrics)).toEqual([
      ['rtt_count', 10, { bus: 'A' }, null],
      ['rtt_sum', 5, { bus: 'A' }, 's'],
      ['rtt', 0.4, { bus: 'A', quantile: '0.5' }, 's'],
      ['rtt', 1.2, { bus: 'A', quantile: '0.99' }, 's'],
    ]);
    expect(JSON.parse(batch.metrics[0]!.tags!).__type).toBe('summary');
  });

  test('bad points are rejected by their position among all data points; good neighbours kept', () => {
    const batch = parse([
      { name: 'g', gauge: { dataPoints: [point({ asDouble: 1 }), point({ asDouble: Infinity }), point({})] } },
      { name: 'h', histogram: { dataPoints: [point({ count: 1, bucketCounts: [1, 0, 0], explicitBounds: [5, 1] })] } },
      { name: 'x', unit: 'u'.repeat(40), gauge: { dataPoints: [point({ asDouble: 1 }), point({ asDouble: 2 })] } },
      { name: 'e', exponentialHistogram: { dataPoints: [point({ scale: 21 })] } },
      { name: 'ok', gauge: { dataPoints: [point({ asDouble: 7 })] } },
    ]);
    expect(batch.metrics.map((m) => [m.metric_name, m.value])).toEqual([
      ['g', 1],
      ['ok', 7],
    ]);
    expect(batch.rejected).toEqual([
      { index: 1, error: 'asDouble: not a finite number (metric "g")' },
      { index: 2, error: 'value: neither asDouble nor asInt is set (metric "g")' },
      { index: 3, error: 'explicitBounds[1]: bounds must be finite and increasing (metric "h")' },
      { index: 4, error: 'unit: longer than 32 characters (metric "x")' },
      { index: 5, error: 'unit: longer than 32 characters (metric "x")' },
      { index: 6, error: 'scale: must be an integer from -10 to 20 (metric "e")' },
    ]);
  });

  test('a point flagged "no recorded value" is skipped, neither stored nor rejected', () => {
    const batch = parse([{ name: 'g', gauge: { dataPoints: [point({ asDouble: 1, flags: 1 }), point({ asDouble: Infinity })] } }]);
    expect(batch.metrics).toEqual([]);
    expect(batch.rejected.map((r) => r.index)).toEqual([1]);
  });

  test('over-long label values reject the point, naming the attribute', () => {
    const batch = parse([{ name: 'g', gauge: { dataPoints: [{ asDouble: 1, attributes: [{ key: 'path', value: { stringValue: 'p'.repeat(1025) } }] }] } }]);
    expect(batch.rejected).toEqual([{ index: 0, error: 'attributes["path"]: longer than 1024 characters (metric "g")' }]);
  });

  test('JSON: an undecodable metric rejects as many points as it carried', () => {
    const json = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'bad', gauge: { dataPoints: [{ asDouble: 'lots' }, { asDouble: 1, exemplars: [{ spanId: 'not hex' }] }] } },
                { name: 'good', gauge: { dataPoints: [{ asDouble: 1, exemplars: [{ spanId: 'not hex', asDouble: 2 }] }] } },
              ],
            },
          ],
        },
      ],
    };
    const batch = parseOtlpMetrics(Buffer.from(JSON.stringify(json)), 'json', NOW);
    expect(batch.metrics.map((m) => [m.metric_name, m.timestamp])).toEqual([['good', NOW]]);
    expect(batch.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(batch.rejected[0]!.error).toMatch(/^NumberDataPoint\.asDouble: /);
  });

  test('metric names: OTel characters our store does not take become _', () => {
    expect(metricName('http.server/request-duration')).toBe('http.server_request_duration');
    expect(metricName('1xx')).toBe('_1xx');
    expect(() => metricName('')).toThrow('name: required');
    expect(() => metricName('n'.repeat(194))).toThrow('name: longer than 193 characters');
  });
});
