/**
 * Rollups against the raw samples they summarise: random series, random out-of-order batches
 * (back-fill included), then every bucket at every resolution compared with the aggregate of
 * the raw samples in it, and range queries answered from rollups compared with raw answers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricsRepo } from '../../../../../src/core/db/repos/metrics';
import { RESOLUTIONS } from '../../../../../src/core/db/repos/rollups';
import { MetricQueryEngine } from '../../../../../src/core/query/metrics/index';
import { prng } from '../../../../support/random';
import { memoryDb } from '../../fixtures';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const r = prng(20261123);
let repo: MetricsRepo;
const raw = new Map<string, [number, number][]>();

beforeAll(() => {
  repo = new MetricsRepo(memoryDb());
  const all: Parameters<MetricsRepo['insertMany']>[0] = [];
  for (let k = 0; k < 4; k++) {
    const host = `h${k}`;
    const seen = new Set<number>();
    const points: [number, number][] = [];
    // ~3 000 samples over 5 days at random instants (never on a whole hour: windows are inclusive).
    for (let i = 0; i < 3000; i++) {
      let ts = T0 + Math.floor(r() * 5 * DAY);
      if (ts % 3_600_000 === 0) ts++;
      if (seen.has(ts)) continue;
      seen.add(ts);
      const value = k === 3 ? Math.round(r() * 10) : (r() - 0.3) * 10 ** (1 + k);
      points.push([ts, value]);
      all.push({ metric_name: 'rnd', value, unit: null, timestamp: ts, source_system: null, tags: JSON.stringify({ host }) });
    }
    raw.set(host, points.sort((a, b) => a[0] - b[0]));
  }
  // Random order, random batch sizes: each batch merges into buckets earlier batches wrote.
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  for (let i = 0; i < all.length; ) {
    const n = 1 + Math.floor(r() * 500);
    repo.insertMany(all.slice(i, i + n));
    i += n;
    // Rebuilds between batches too: later batches land in buckets already rolled up.
    if (r() < 0.2) repo.rollups.rebuild(1 + Math.floor(r() * 5000));
  }
});

describe('rollups', () => {
  it('answer from raw samples while a series waits for its rebuild', () => {
    const engine = MetricQueryEngine.forStore(repo);
    repo.insertMany([{ metric_name: 'rnd', value: 1, unit: null, timestamp: T0 + 3 * DAY + 1234, source_system: null, tags: '{"host":"h0"}' }]);
    raw.get('h0')!.push([T0 + 3 * DAY + 1234, 1]);
    raw.get('h0')!.sort((a, b) => a[0] - b[0]);
    expect(repo.rollups.pending()).toBeGreaterThan(0);
    const q = 'count_over_time(rnd{host="h0"}[1d])';
    const before = engine.range(q, T0 + DAY, T0 + 5 * DAY, DAY);
    expect(before.resolution).toBe('1d');
    expect(before.series).toEqual(engine.range(q, T0 + DAY, T0 + 5 * DAY, DAY, { resolution: 'raw' }).series);
    repo.rollups.rebuildAll();
    expect(repo.rollups.pending()).toBe(0);
    expect(engine.range(q, T0 + DAY, T0 + 5 * DAY, DAY).series).toEqual(before.series);
  });

  it('hold exactly the min, max, sum, count and last of the raw samples in every bucket', () => {
    const series = repo.seriesRepo.byName('rnd');
    expect(series).toHaveLength(4);
    for (const s of series) {
      const points = raw.get(s.labels.host as string)!;
      for (const res of RESOLUTIONS) {
        const rows = repo.rollups.range(s.id, res.ms, 0, T0 + 10 * DAY);
        const expected = new Map<number, [number, number][]>();
        for (const p of points) {
          const b = p[0] - (p[0] % res.ms);
          expected.set(b, [...(expected.get(b) ?? []), p]);
        }
        expect(rows.map((x) => x.bucket)).toEqual([...expected.keys()].sort((a, b) => a - b));
        for (const row of rows) {
          const ps = expected.get(row.bucket)!;
          const values = ps.map((p) => p[1]);
          expect(row.count).toBe(ps.length);
          expect(row.min).toBe(Math.min(...values));
          expect(row.max).toBe(Math.max(...values));
          expect(row.sum).toBeCloseTo(values.reduce((a, b) => a + b, 0), 6);
          expect([row.last_ts, row.last]).toEqual(ps[ps.length - 1]);
        }
      }
    }
  });

  it('answer range queries like the raw samples (percentiles within the sketch error)', () => {
    const engine = MetricQueryEngine.forStore(repo);
    const start = T0 + DAY;
    const end = T0 + 5 * DAY;
    for (const [q, exact] of [
      ['avg_over_time(rnd[1d])', true],
      ['min_over_time(rnd[1d])', true],
      ['max_over_time(rnd[1d])', true],
      ['sum_over_time(rnd[1d])', true],
      ['count_over_time(rnd[1d])', true],
      ['sum by () (count_over_time(rnd[1d]))', true],
      ['quantile_over_time(0.95, rnd[1d])', false],
      ['p50(rnd[1d])', false],
    ] as const) {
      const fromRaw = engine.range(q, start, end, DAY, { resolution: 'raw' });
      const fromRollups = engine.range(q, start, end, DAY);
      expect(fromRollups.resolution, q).toBe('1d');
      expect(fromRollups.series.map((s) => s.labels)).toEqual(fromRaw.series.map((s) => s.labels));
      expect(fromRaw.series.length).toBeGreaterThan(0);
      fromRaw.series.forEach((s, i) => {
        const other = fromRollups.series[i]!.points;
        expect(other.map((p) => p[0])).toEqual(s.points.map((p) => p[0]));
        s.points.forEach(([, v], j) => {
          const w = other[j]![1];
          if (exact) expect(w, q).toBeCloseTo(v, 6);
          // Raw quantiles interpolate between neighbours; the sketch answers a bucket's middle.
          else expect(Math.abs(w - v), `${q} ${JSON.stringify(s.labels)}: ${w} vs ${v}`).toBeLessThanOrEqual(0.03 * Math.abs(v) + 0.02 * spread(s.labels.host as string));
        });
      });
    }
  });
});

/** Interpolation between two neighbours can move a raw quantile by up to their gap. */
function spread(host: string): number {
  const values = raw.get(host)!.map((p) => p[1]);
  return (Math.max(...values) - Math.min(...values)) / 100;
}
