/**
 * Aggregations folded by SQLite (pushdown.ts) against the same queries evaluated series by
 * series: random series (dense, sparse, samples on hour boundaries, single-sample buckets),
 * random windows, steps and offsets at 1 h and 1 d rollups. min, max and count must be
 * identical; sum and avg may differ only by summation order (relative 1e-12). Aggregations
 * folded while evaluating (fused.ts) must be identical whatever the op.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricsRepo } from '../../../../../src/core/db/repos/metrics';
import { MetricQueryEngine, storeSource, type RangeResult } from '../../../../../src/core/query/metrics/index';
import { prng } from '../../../../support/random';
import { memoryDb } from '../../fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5);
const r = prng(20261124);
let repo: MetricsRepo;
let pushed = 0;
let engine: MetricQueryEngine;

beforeAll(() => {
  repo = new MetricsRepo(memoryDb());
  const samples: Parameters<MetricsRepo['insertMany']>[0] = [];
  for (let i = 0; i < 16; i++) {
    // Mostly dense (a sample every 1–12 min); a few sparse ones force the series-by-series path.
    const kind = i < 13 ? 'dense' : 'sparse';
    const gap = kind === 'dense' ? 60_000 * (1 + Math.floor(r() * 12)) : 3 * HOUR;
    // Some series sample on whole 5 minutes, so samples fall exactly on hour boundaries.
    const aligned = i % 3 === 0;
    let ts = T0 + (aligned ? 0 : Math.floor(r() * gap));
    while (ts < T0 + 8 * DAY) {
      // Gaps of a few hours now and then: windows and look-backs with nothing in them.
      if (r() < 0.003) ts += Math.floor(r() * 6) * HOUR;
      samples.push({ metric_name: 'm', value: Math.round((r() - 0.4) * 1e6) / 100, unit: null, timestamp: ts, source_system: null, tags: JSON.stringify({ group: `g${i % 3}`, host: `h${i}`, kind }) });
      ts += aligned ? gap - (gap % 300_000 || 0) || 300_000 : Math.max(1, Math.floor(gap * (0.5 + r())));
    }
  }
  // A dense series whose only sample in every fifth hour sits exactly on the hour: at that
  // step it is newer than the hour before's last sample (the store declines such a query).
  for (let h = 0; h < 8 * 24; h++) {
    for (let j = h % 5 === 0 ? 0 : 1; j <= (h % 5 === 0 ? 0 : 5); j++) {
      samples.push({ metric_name: 'm', value: h + j / 10, unit: null, timestamp: T0 + h * HOUR + j * 600_000, source_system: null, tags: '{"group":"g0","host":"edge","kind":"edge"}' });
    }
  }
  repo.insertMany(samples);
  repo.rollups.rebuildAll();
  const src = storeSource(repo);
  engine = new MetricQueryEngine({
    ...src,
    stepAggregates: (groups, kind, q) => {
      const out = src.stepAggregates!(groups, kind, q);
      if (out) pushed++;
      return out;
    },
  });
});

function compare(q: string, start: number, end: number, step: number, exact: boolean): void {
  const folded: RangeResult = engine.range(q, start, end, step);
  const plain: RangeResult = engine.range(q, start, end, step, { pushdown: false });
  expect(folded.resolution, q).toBe(plain.resolution);
  expect(folded.series.map((s) => s.labels), q).toEqual(plain.series.map((s) => s.labels));
  folded.series.forEach((s, i) => {
    const other = plain.series[i]!.points;
    expect(s.points.map((p) => p[0]), q).toEqual(other.map((p) => p[0]));
    if (exact) expect(s.points, q).toEqual(other);
    else s.points.forEach(([, v], j) => expect(Math.abs(v - other[j]![1]), `${q} at ${j}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
  });
}

describe('aggregations folded in SQL', () => {
  it('answer as series-by-series evaluation does, for random windows and steps', () => {
    const sel = ['m{kind="dense"}', 'm{kind="dense"}', 'm', 'm{group="g1",kind="dense"}', 'm{kind="dense"} offset 1h', 'm{host=~"h1.*|edge"}', 'm{host="edge"}'];
    for (let trial = 0; trial < 40; trial++) {
      const step = [HOUR, 2 * HOUR, 3 * HOUR, DAY][Math.floor(r() * 4)]!;
      const start = T0 + DAY + Math.floor(r() * 3) * step;
      const end = start + (1 + Math.floor(r() * 40)) * step + (r() < 0.3 ? Math.floor(r() * step) : 0);
      const s = sel[Math.floor(r() * sel.length)]!;
      const grouping = ['', 'by (group) ', 'without (host) ', 'by (kind, group) '][Math.floor(r() * 4)]!;
      const range = s.replace(' offset', `[${step / 60_000}m] offset`).replace(/}$/, `}[${step / 60_000}m]`).replace(/^m$/, `m[${step / 60_000}m]`);
      for (const op of ['min', 'max', 'count']) compare(`${op} ${grouping}(${s})`, start, end, step, true);
      for (const op of ['sum', 'avg']) compare(`${op} ${grouping}(${s})`, start, end, step, false);
      compare(`max ${grouping}(max_over_time(${range}))`, start, end, step, true);
      compare(`min ${grouping}(min_over_time(${range}))`, start, end, step, true);
      compare(`sum ${grouping}(count_over_time(${range}))`, start, end, step, true);
      compare(`sum ${grouping}(sum_over_time(${range}))`, start, end, step, false);
    }
    // The comparison means something only if the fast path actually answered most of them.
    expect(pushed).toBeGreaterThan(200);
  });

  it('folded while evaluating (raw samples, any step) answer exactly as aggregating after', () => {
    for (let trial = 0; trial < 30; trial++) {
      const step = [15_000, 60_000, 90_000, 7 * 60_000][Math.floor(r() * 4)]!;
      const start = T0 + DAY + Math.floor(r() * DAY);
      const end = start + (1 + Math.floor(r() * 600)) * step;
      const s = ['m', 'm{kind="sparse"}', 'm{group="g2"} offset 7m', 'm{host="edge"}'][Math.floor(r() * 4)]!;
      const grouping = ['', 'by (group) ', 'without (kind) '][Math.floor(r() * 3)]!;
      for (const op of ['sum', 'avg', 'min', 'max', 'count']) compare(`${op} ${grouping}(${s})`, start, end, step, true);
    }
  });

  it('are not used where the store would read raw samples', () => {
    const before = pushed;
    compare('sum(m{kind="sparse"})', T0 + DAY, T0 + 3 * DAY, HOUR, false);
    compare('max(max_over_time(m[1h]))', T0 + DAY, T0 + 3 * DAY, HOUR, true);
    expect(pushed).toBe(before);
    // New samples not yet rolled up: answered from raw samples, exactly as before.
    repo.insertMany([{ metric_name: 'm', value: 1e6, unit: null, timestamp: T0 + 2 * DAY + 1234, source_system: null, tags: '{"group":"g1","host":"h1","kind":"dense"}' }]);
    compare('max by (group) (max_over_time(m{kind="dense"}[1h]))', T0 + DAY, T0 + 3 * DAY, HOUR, true);
    expect(pushed).toBe(before);
    repo.rollups.rebuildAll();
    compare('max by (group) (max_over_time(m{kind="dense"}[1h]))', T0 + DAY, T0 + 3 * DAY, HOUR, true);
    expect(pushed).toBe(before + 1);
  });
});
