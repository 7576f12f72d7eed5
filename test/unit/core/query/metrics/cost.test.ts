/**
 * The cost estimate that sends cheap metric queries to the caller's connection instead of a
 * query thread (MetricQueryEngine.readsAtMost, routedMetricReads): it must count what the
 * evaluation reads (series per selector, lookback, range windows, offsets), say no beyond either
 * limit, and the routed reads must answer exactly what the engine answers.
 */
import { describe, expect, it } from 'vitest';
import { MetricsRepo } from '../../../../../src/core/db/repos/metrics';
import { MetricQueryEngine } from '../../../../../src/core/query/metrics/index';
import { inlineMetricReads, routedMetricReads, type MetricReads } from '../../../../../src/core/query/worker/metric-reads';
import { memoryDb } from '../../fixtures';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

function store(): { repo: MetricsRepo; engine: MetricQueryEngine } {
  const repo = new MetricsRepo(memoryDb());
  const samples: Parameters<MetricsRepo['insertMany']>[0] = [];
  // 4 series of `m`, one sample a minute over 100 minutes; one series of `other`.
  for (let s = 0; s < 4; s++) {
    for (let k = 0; k < 100; k++) samples.push({ metric_name: 'm', value: s * 1000 + k, unit: null, timestamp: T0 + k * MIN, source_system: null, tags: JSON.stringify({ s: `s${s}` }) });
  }
  samples.push({ metric_name: 'other', value: 1, unit: null, timestamp: T0, source_system: null, tags: null });
  repo.insertMany(samples);
  return { repo, engine: MetricQueryEngine.forStore(repo) };
}

describe('metric query cost estimate', () => {
  const { engine } = store();
  const at = T0 + 50 * MIN;

  it('counts the samples each selector reads, windows and offsets included', () => {
    // One series, instant selector at one instant: the 5-minute lookback holds samples 45..50 (6).
    expect(engine.readsAtMost('m{s="s1"}', at, at, 1, 6)).toBe(true);
    expect(engine.readsAtMost('m{s="s1"}', at, at, 1, 5)).toBe(false);
    // A range [10m] instead of the lookback: samples 40..50 (11).
    expect(engine.readsAtMost('rate(m{s="s1"}[10m])', at, at, 1, 11)).toBe(true);
    expect(engine.readsAtMost('rate(m{s="s1"}[10m])', at, at, 1, 10)).toBe(false);
    // offset 30m moves the window to samples 10..20 (11); offset 2h finds none.
    expect(engine.readsAtMost('rate(m{s="s1"}[10m] offset 30m)', at, at, 1, 10)).toBe(false);
    expect(engine.readsAtMost('rate(m{s="s1"}[10m] offset 2h)', at, at, 1, 0)).toBe(true);
    // A range of steps: every sample from start − lookback to end (samples 15..50: 36).
    expect(engine.readsAtMost('m{s="s1"}', T0 + 20 * MIN, at, 1, 36)).toBe(true);
    expect(engine.readsAtMost('m{s="s1"}', T0 + 20 * MIN, at, 1, 35)).toBe(false);
    // Both sides of a binary expression, each selector's series.
    expect(engine.readsAtMost('m{s="s1"} + m{s="s2"}', at, at, 2, 12)).toBe(true);
    expect(engine.readsAtMost('m{s="s1"} + m{s="s2"}', at, at, 2, 11)).toBe(false);
  });

  it('says no past the series limit, and for what it cannot judge', () => {
    expect(engine.readsAtMost('sum(m)', at, at, 4, 1000)).toBe(true);
    expect(engine.readsAtMost('sum(m)', at, at, 3, 1000)).toBe(false);
    expect(engine.readsAtMost('{__name__=~"m|other"}', at, at, 5, 1000)).toBe(true);
    expect(engine.readsAtMost('{__name__=~"m|other"}', at, at, 4, 1000)).toBe(false);
    expect(engine.readsAtMost('sum(', at, at, 8, 1000)).toBe(false);
    expect(engine.readsAtMost('m', at, at - 1, 8, 1000)).toBe(false);
    expect(engine.readsAtMost('1 + 2', at, at, 0, 0)).toBe(true);
  });

  it('routed reads answer as the engine does, whichever side answers', async () => {
    const calls: string[] = [];
    const inline = inlineMetricReads(engine);
    // The "threads" side is the same engine, marked so the test sees which side answered.
    const threads: MetricReads = {
      instant: (...a) => (calls.push('threads'), inline.instant(...a)),
      range: (...a) => (calls.push('threads'), inline.range(...a)),
      rangePromJson: (...a) => (calls.push('threads'), inline.rangePromJson(...a)),
    };
    const routed = routedMetricReads(threads, engine);
    expect(await routed.rangePromJson('m{s="s1"}', T0, at, MIN)).toBe(await inline.rangePromJson('m{s="s1"}', T0, at, MIN));
    expect(calls).toEqual([]);
    expect(await routed.instant('m{s="s2"}', at)).toEqual(await inline.instant('m{s="s2"}', at));
    expect(calls).toEqual([]);
    // 3 × 4 series: over the series limit (8), so the threads answer.
    const wide = 'sum(m) + sum(m) + sum(m)';
    expect(await routed.range(wide, T0, T0 + 99 * MIN, MIN)).toEqual(await inline.range(wide, T0, T0 + 99 * MIN, MIN));
    expect(calls).toEqual(['threads']);
    await expect(routed.instant('sum(', at)).rejects.toThrow();
    expect(calls).toEqual(['threads', 'threads']);
  });
});
