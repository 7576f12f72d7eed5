/**
 * Queries split over series shards (shard.ts) against the same queries evaluated whole: which
 * queries split, and that the parts, combined, give the whole answer (sums up to summation
 * order, everything else exactly), for 2 and 3 shards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricsRepo, type MetricSample } from '../../../../../src/core/db/repos/metrics';
import { MetricQueryEngine, parseQuery, type RangeResult } from '../../../../../src/core/query/metrics/index';
import { combineShards, shardPlan } from '../../../../../src/core/query/metrics/shard';
import { prng } from '../../../../support/random';
import { memoryDb } from '../../fixtures';

const T0 = Date.UTC(2026, 0, 5);
const r = prng(20261123);
let repo: MetricsRepo;

beforeAll(() => {
  repo = new MetricsRepo(memoryDb());
  const samples: MetricSample[] = [];
  for (let i = 0; i < 23; i++) {
    const counter = i % 4 === 0;
    let v = 0;
    for (let ts = T0 + Math.floor(r() * 60_000); ts < T0 + 6 * 3_600_000; ts += 30_000 + Math.floor(r() * 90_000)) {
      // Gaps now and then, counter resets, values of both signs.
      if (r() < 0.01) ts += 1_800_000;
      v = counter ? (r() < 0.02 ? 0 : v + Math.floor(r() * 50)) : Math.round((r() - 0.3) * 1e5) / 100;
      samples.push({ metric_name: counter ? 'c_total' : 'g', value: v, unit: null, timestamp: ts, source_system: null, tags: JSON.stringify({ group: `g${i % 3}`, host: `h${i}` }) });
    }
  }
  repo.insertMany(samples);
  repo.rollups.rebuildAll();
});

const SPLIT = [
  'g',
  'g{group="g1"} * 2',
  '-g > 10',
  'sum(g)',
  'sum by (group) (g)',
  'min by (group) (g)',
  'max without (host) (g)',
  'count by (group) (g)',
  'sum by (group) (rate(c_total[5m]))',
  'max by (group) (max_over_time(g[10m]))',
  'quantile_over_time(0.9, g[15m])',
  'abs(clamp_min(g, 0))',
  'increase(c_total[10m])',
];
const WHOLE = ['avg(g)', 'topk(2, g)', 'g + g', 'sum({__name__=~"g|c_total"})', 'quantile(0.5, g)', 'sum(sum by (group) (g))', 'scalar(sum(g))', 'time()'];

function close(a: RangeResult, b: RangeResult): void {
  expect(a.series.map((s) => s.labels)).toEqual(b.series.map((s) => s.labels));
  a.series.forEach((s, i) => {
    const t = b.series[i]!;
    expect(s.points.map((p) => p[0])).toEqual(t.points.map((p) => p[0]));
    s.points.forEach((p, k) => expect(p[1]).toBeCloseTo(t.points[k]![1], 9));
  });
}

const byLabels = (x: RangeResult): RangeResult => ({ ...x, series: [...x.series].sort((a, b) => (JSON.stringify(Object.entries(a.labels).sort()) < JSON.stringify(Object.entries(b.labels).sort()) ? -1 : 1)) });

describe('series shards', () => {
  it('split only queries whose series are evaluated independently', () => {
    for (const q of SPLIT) expect(shardPlan(parseQuery(q)), q).not.toBeNull();
    for (const q of WHOLE) expect(shardPlan(parseQuery(q)), q).toBeNull();
  });

  it('combine to the whole answer', () => {
    const whole = MetricQueryEngine.forStore(repo);
    for (const of of [2, 3]) {
      const parts = Array.from({ length: of }, (_, index) => MetricQueryEngine.forStore(repo, undefined, { index, of }));
      for (const q of SPLIT) {
        for (const [start, end, step] of [
          [T0, T0 + 6 * 3_600_000, 60_000],
          [T0 + 3_600_000, T0 + 5 * 3_600_000, 3_600_000],
          [T0 + 17_000, T0 + 2 * 3_600_000, 45_000],
        ] as const) {
          const plan = shardPlan(parseQuery(q))!;
          const combined = combineShards(plan, parts.map((e) => e.range(q, start, end, step)));
          const want = byLabels(whole.range(q, start, end, step));
          expect(want.series.length, q).toBeGreaterThan(0);
          if (plan.kind === 'fold' && q.startsWith('sum')) close(combined, want);
          else expect(combined, `${q} in ${of}`).toEqual(want);
        }
      }
    }
  });

  it('estimate the raw samples a query reads from a few series', () => {
    const e = MetricQueryEngine.forStore(repo);
    const exact = repo.db.prepare("SELECT count(*) FROM metric_samples p JOIN metric_series s ON s.id = p.series_id WHERE s.name = 'g' AND p.ts BETWEEN ? AND ?").pluck();
    const [start, end] = [T0 + 3_600_000, T0 + 5 * 3_600_000];
    const all = exact.get(start - 300_000, end) as number;
    // 17 series of similar density: a probe of 8 lands near the whole count, all 17 exactly.
    expect(Math.abs((e.estimatedReads('sum(g)', start, end) as number) - all) / all).toBeLessThan(0.25);
    expect(e.estimatedReads('sum(g)', start, end, 100)).toBe(all);
    expect(e.estimatedReads('sum(nope)', start, end)).toBe(0);
    expect(e.estimatedReads('sum(', start, end)).toBeNull();
  });
});
