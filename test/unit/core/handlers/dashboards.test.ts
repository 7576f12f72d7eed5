import { describe, expect, it } from 'vitest';
import { pickBucket, topMovers } from '../../../../src/core/handlers/dashboards';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];

describe('pickBucket', () => {
  it.each<[string, number, number]>([
    ['a 1 ms span', 1, MIN],
    ['an hour', HOUR, MIN],
    ['90 minutes (exactly 90 buckets)', 90 * MIN, MIN],
    ['just over 90 minutes', 90 * MIN + 1, 5 * MIN],
    ['6 hours', 6 * HOUR, 5 * MIN],
    ['24 hours', DAY, 30 * MIN],
    ['7 days', 7 * DAY, 3 * HOUR],
    ['30 days', 30 * DAY, 12 * HOUR],
    ['90 days', 90 * DAY, DAY],
    ['a year', 365 * DAY, 7 * DAY],
    ['a century falls back to weeks', 36_500 * DAY, 7 * DAY],
  ])('%s → %d ms', (_name, span, bucket) => {
    expect(pickBucket(span)).toBe(bucket);
  });

  it('always picks the smallest readable step giving at most 90 buckets', () => {
    for (let span = 1; span < 100 * 7 * DAY; span = Math.ceil(span * 1.37)) {
      const b = pickBucket(span);
      expect(STEPS).toContain(b);
      if (span / (7 * DAY) <= 90) expect(span / b).toBeLessThanOrEqual(90);
      const smaller = STEPS.filter((s) => s < b);
      for (const s of smaller) expect(span / s).toBeGreaterThan(90);
    }
  });
});

describe('topMovers', () => {
  it('ranks groups by absolute change against the previous period, new and vanished ones included', () => {
    const movers = topMovers(
      [
        { name: 'juno', total: 120 },
        { name: 'voyager-1', total: 10 },
        { name: 'steady', total: 50 },
        { name: 'newcomer', total: 7 },
      ],
      [
        { value: 'juno', count: 20 },
        { value: 'voyager-1', count: 90 },
        { value: 'steady', count: 50 },
        { value: 'gone', count: 5 },
      ],
    );
    expect(movers).toEqual([
      { name: 'juno', total: 120, previous_total: 20, change: 100, change_pct: 500 },
      { name: 'voyager-1', total: 10, previous_total: 90, change: -80, change_pct: -88.9 },
      { name: 'newcomer', total: 7, previous_total: 0, change: 7, change_pct: null },
      { name: 'gone', total: 0, previous_total: 5, change: -5, change_pct: -100 },
    ]);
  });

  it('keeps at most ten', () => {
    const current = Array.from({ length: 30 }, (_, i) => ({ name: `g${i}`, total: i + 1 }));
    expect(topMovers(current, [])).toHaveLength(10);
    expect(topMovers(current, [])[0]?.name).toBe('g29');
  });
});
