import { beforeAll, describe, expect, it } from 'vitest';
import { MetricsRepo } from '../../../../../src/core/db/repos/metrics';
import { MetricQueryEngine } from '../../../../../src/core/query/metrics/index';
import { ApiError } from '../../../../../src/shared/api/errors';
import { memoryDb } from '../../fixtures';

const T0 = 1_700_000_040_000; // a whole minute
const S = 1000;
let engine: MetricQueryEngine;

/** 10 minutes of samples every 15 s: a gauge on two hosts, a counter with a reset, a histogram. */
beforeAll(() => {
  const repo = new MetricsRepo(memoryDb());
  const samples: Parameters<MetricsRepo['insertMany']>[0] = [];
  const add = (name: string, labels: Record<string, string>, ts: number, value: number) =>
    samples.push({ metric_name: name, value, unit: null, timestamp: ts, source_system: null, tags: JSON.stringify(labels) });
  for (let i = 0; i <= 40; i++) {
    const ts = T0 + i * 15 * S;
    add('cpu_usage', { host: 'gs-1', spacecraft: 'sc-a' }, ts, 10 + i);
    add('cpu_usage', { host: 'gs-2', spacecraft: 'sc-a' }, ts, 100 - i);
    add('cpu_usage', { host: 'gs-3', spacecraft: 'sc-b' }, ts, 50);
    // Counter: +10 per sample, restarting from 0 at i = 20.
    add('packets_total', { spacecraft: 'sc-a' }, ts, i < 20 ? i * 10 : (i - 20) * 10);
    add('packets_total', { spacecraft: 'sc-b' }, ts, i * 2);
    for (const [le, n] of [['0.1', 1], ['0.5', 3], ['1', 8], ['+Inf', 10]] as const) add('latency_bucket', { le, __type: 'histogram' }, ts, n * (i + 1));
  }
  repo.insertMany(samples);
  engine = MetricQueryEngine.forStore(repo);
});

const END = T0 + 600 * S;
const values = (q: string, at = END) =>
  engine
    .instant(q, at)
    .series.map((s) => [JSON.stringify(s.labels), Number(s.value.toFixed(6))])
    .sort();

describe('metric queries at one instant', () => {
  it.each([
    ['selector, equality', 'cpu_usage{host="gs-1"}', [['{"__name__":"cpu_usage","host":"gs-1","spacecraft":"sc-a"}', 50]]],
    ['not equal', 'count(cpu_usage{host!="gs-1"})', [['{}', 2]]],
    ['regex', 'count(cpu_usage{host=~"gs-[12]"})', [['{}', 2]]],
    ['negative regex', 'cpu_usage{host!~"gs-[12]"}', [['{"__name__":"cpu_usage","host":"gs-3","spacecraft":"sc-b"}', 50]]],
    ['avg', 'avg(cpu_usage{host="gs-1"})', [['{}', 50]]],
    ['sum by', 'sum by (spacecraft) (cpu_usage)', [['{"spacecraft":"sc-a"}', 110], ['{"spacecraft":"sc-b"}', 50]]],
    ['sum without', 'sum without (host) (cpu_usage)', [['{"spacecraft":"sc-a"}', 110], ['{"spacecraft":"sc-b"}', 50]]],
    ['min / max', 'max(cpu_usage) - min(cpu_usage)', [['{}', 10]]],
    ['increase handles the reset', 'increase(packets_total{spacecraft="sc-a"}[5m])', [['{"spacecraft":"sc-a"}', 200]]],
    ['rate', 'rate(packets_total{spacecraft="sc-b"}[5m])', [['{"spacecraft":"sc-b"}', 0.133333]]],
    ['delta', 'delta(cpu_usage{host="gs-2"}[5m])', [['{"host":"gs-2","spacecraft":"sc-a"}', -20]]],
    ['quantile_over_time', 'quantile_over_time(0.5, cpu_usage{host="gs-1"}[5m])', [['{"host":"gs-1","spacecraft":"sc-a"}', 40]]],
    ['p90 from raw samples', 'p90(cpu_usage{host="gs-1"}[5m])', [['{"host":"gs-1","spacecraft":"sc-a"}', 48]]],
    ['histogram_quantile', 'histogram_quantile(0.5, latency_bucket)', [['{}', 0.7]]],
    ['p99 from a histogram', 'p99(rate(latency_bucket[5m]))', [['{}', 1]]],
    ['scalar arithmetic', 'cpu_usage{host="gs-3"} * 2 + 1', [['{"host":"gs-3","spacecraft":"sc-b"}', 101]]],
    ['comparison filters', 'cpu_usage > 55', [['{"__name__":"cpu_usage","host":"gs-2","spacecraft":"sc-a"}', 60]]],
    ['comparison bool', 'cpu_usage{host="gs-3"} == bool 50', [['{"host":"gs-3","spacecraft":"sc-b"}', 1]]],
    ['vector / vector', 'cpu_usage{host="gs-1"} / ignoring(host) cpu_usage{host="gs-2"}', [['{"spacecraft":"sc-a"}', 0.833333]]],
    ['offset', 'cpu_usage{host="gs-1"} offset 5m', [['{"__name__":"cpu_usage","host":"gs-1","spacecraft":"sc-a"}', 30]]],
  ])('%s: %s', (_name, query, expected) => {
    expect(values(query)).toEqual(expected);
  });

  it('a scalar query answers a scalar', () => {
    expect(engine.instant('1 + 2 * 3', END)).toEqual({ resultType: 'scalar', series: [{ labels: {}, value: 7 }] });
  });

  it('a series without a sample in the last 5 minutes is stale (absent)', () => {
    expect(values('cpu_usage', END + 301 * S)).toEqual([]);
    expect(values('count(cpu_usage)', END + 299 * S)).toEqual([['{}', 3]]);
  });
});

describe('parse errors name the position', () => {
  it.each([
    ['sum(cpu_usage', 14, 'expected "," or ")"'],
    ['cpu_usage{host="gs-1"', 22, 'expected'],
    ['rate(cpu_usage[5x])', 16, 'duration'],
    ['cpu_usage{host~"a"}', 15, 'unexpected character'],
    ['{}', 1, 'metric name'],
    ['rate(cpu_usage)', 6, 'range vector'],
    ['nosuchfn(cpu_usage)', 1, 'unknown function'],
    ['cpu_usage{host=~"("}', 17, 'regular expression'],
    ['cpu_usage )', 11, 'unexpected'],
  ])('%s → position %i', (query, pos, text) => {
    let error: unknown;
    try {
      engine.instant(query, END);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('bad_request');
    expect((error as ApiError).message).toContain(`position ${pos}`);
    expect((error as ApiError).message).toContain(text);
  });
});

describe('range queries', () => {
  it('evaluate at every step and report the step and resolution', () => {
    const r = engine.range('sum(cpu_usage)', T0 + 300 * S, END, 60 * S);
    expect(r.stepMs).toBe(60_000);
    expect(r.resolution).toBe('1m');
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.points).toEqual([0, 1, 2, 3, 4, 5].map((k) => [T0 + 300 * S + k * 60 * S, 160]));
  });

  it('use raw samples when the window is too short for rollups', () => {
    expect(engine.range('rate(packets_total[5m])', T0 + 300 * S, END, 60 * S).resolution).toBe('raw');
  });

  it('downsample to max_points keeping minima and maxima', () => {
    const r = engine.range('cpu_usage{host="gs-1"}', T0, END, 15 * S, { maxPoints: 10 });
    const points = r.series[0]!.points;
    expect(points.length).toBeLessThanOrEqual(10);
    expect(Math.min(...points.map((p) => p[1]))).toBe(10);
    expect(Math.max(...points.map((p) => p[1]))).toBe(50);
  });

  it('refuse more than 11 000 steps', () => {
    expect(() => engine.range('cpu_usage', T0, T0 + 20_000 * S, S)).toThrow(/maximum of 11000/);
  });
});
