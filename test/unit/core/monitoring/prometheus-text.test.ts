import { describe, expect, it } from 'vitest';
import { toMetricSamples } from '../../../../src/core/monitoring/checks/prometheus';
import { parsePrometheusText } from '../../../../src/core/monitoring/prometheus-text';

const EXPOSITION = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

# Minimalistic line:
metric_without_timestamp_and_labels 12.47

# A weird metric from before the epoch:
something_weird{problem="division by zero"} +Inf -3982045

# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds_count 2693
# TYPE go_goroutines gauge
go_goroutines{job="inner",instance="x:1"} 8
`;

describe('parsePrometheusText', () => {
  it('reads the format documentation example: names, labels, escapes, values, timestamps, types', () => {
    const { samples, errors } = parsePrometheusText(EXPOSITION);
    expect(errors).toEqual([]);
    expect(samples.map((s) => [s.name, s.labels, s.value, s.timestamp, s.type])).toEqual([
      ['http_requests_total', { method: 'post', code: '200' }, 1027, 1395066363000, 'counter'],
      ['http_requests_total', { method: 'post', code: '400' }, 3, 1395066363000, 'counter'],
      ['msdos_file_access_time_seconds', { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' }, 1.458255915e9, null, 'untyped'],
      ['metric_without_timestamp_and_labels', {}, 12.47, null, 'untyped'],
      ['something_weird', { problem: 'division by zero' }, Infinity, -3982045, 'untyped'],
      ['http_request_duration_seconds_bucket', { le: '0.05' }, 24054, null, 'histogram'],
      ['http_request_duration_seconds_bucket', { le: '+Inf' }, 144320, null, 'histogram'],
      ['http_request_duration_seconds_sum', {}, 53423, null, 'histogram'],
      ['http_request_duration_seconds_count', {}, 144320, null, 'histogram'],
      ['rpc_duration_seconds', { quantile: '0.5' }, 4773, null, 'summary'],
      ['rpc_duration_seconds_count', {}, 2693, null, 'summary'],
      ['go_goroutines', { job: 'inner', instance: 'x:1' }, 8, null, 'gauge'],
    ]);
  });

  it.each([
    ['9bad 1', 'line 1: no metric name'],
    ['m{a="x" 1', 'line 1: expected , or } after label a'],
    ['m{a=x} 1', 'line 1: expected ="…" after label a'],
    ['m{a="x} 1', 'line 1: unterminated value of label a'],
    ['m{a="1",a="2"} 1', 'line 1: label a given twice'],
    ['m one', 'line 1: expected a value and an optional timestamp after m'],
    ['m 1 2 3', 'line 1: expected a value and an optional timestamp after m'],
    ['m 1 1.5', 'line 1: timestamp 1.5 is not integer milliseconds'],
  ])('%j → %s, and the other lines still count', (line, error) => {
    const r = parsePrometheusText(`ok 1\n${line}\nok 2`.replace(/^ok 1\n/, ''));
    expect(r.errors).toEqual([error]);
    expect(r.samples.map((s) => s.value)).toEqual([2]);
  });

  it('accepts NaN, -Inf, CRLF line ends, trailing commas and spaces in label sets', () => {
    const r = parsePrometheusText('a NaN\r\nb -Inf\r\nc{x="1",} 5\r\nd{ x = "1" } 6\r\n');
    expect(r.errors).toEqual([]);
    expect(r.samples.map((s) => s.value)).toEqual([NaN, -Infinity, 5, 6]);
    expect(r.samples[3]!.labels).toEqual({ x: '1' });
  });
});

describe('toMetricSamples', () => {
  it('adds job and instance, renames the target own ones, keeps types we know, skips non-finite values', () => {
    const { samples } = parsePrometheusText(EXPOSITION);
    const out = toMetricSamples(samples, { name: 'node', url: 'http://127.0.0.1:9100/metrics', config: {} }, 5000);
    expect(out).toHaveLength(11); // +Inf dropped
    expect(out[0]).toEqual({
      metric_name: 'http_requests_total', value: 1027, unit: null, timestamp: 1395066363000, source_system: '127.0.0.1:9100',
      tags: JSON.stringify({ __type: 'counter', code: '200', instance: '127.0.0.1:9100', job: 'node', method: 'post' }),
    });
    expect(JSON.parse(out.at(-1)!.tags!)).toEqual({ __type: 'gauge', exported_instance: 'x:1', exported_job: 'inner', instance: '127.0.0.1:9100', job: 'node' });
    expect(JSON.parse(out.find((s) => s.metric_name === 'rpc_duration_seconds')!.tags!)).toEqual({ instance: '127.0.0.1:9100', job: 'node', quantile: '0.5' });
    expect(out.find((s) => s.metric_name === 'metric_without_timestamp_and_labels')!.timestamp).toBe(5000);
  });

  it('the job setting wins over the endpoint name', () => {
    const [s] = toMetricSamples(parsePrometheusText('up 1').samples, { name: 'n', url: 'https://h:9/m', config: { job: 'nodes' } }, 1);
    expect(JSON.parse(s!.tags!)).toEqual({ instance: 'h:9', job: 'nodes' });
  });
});
