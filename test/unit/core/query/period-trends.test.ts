import { describe, expect, it } from 'vitest';
import { assembleSeries, changePct, periodStart, periodStarts, withWindow } from '../../../../src/core/query/period-trends';

const DAY = 86_400_000;
const utc = (s: string) => Date.parse(`${s}Z`);

describe('period trends', () => {
  it('days start at UTC midnight, weeks on Monday 00:00 UTC', () => {
    expect(periodStart(utc('2026-11-23T06:42:54'), 'day')).toBe(utc('2026-11-23T00:00:00'));
    // 2026-11-23 is a Monday; the Sunday before belongs to the previous week.
    expect(periodStart(utc('2026-11-23T00:00:00'), 'week')).toBe(utc('2026-11-23T00:00:00'));
    expect(periodStart(utc('2026-11-29T23:59:59'), 'week')).toBe(utc('2026-11-23T00:00:00'));
    expect(periodStart(utc('2026-11-22T23:59:59'), 'week')).toBe(utc('2026-11-16T00:00:00'));
    expect(periodStarts(utc('2026-11-23T06:00:00'), 'day', 3)).toEqual([utc('2026-11-21T00:00:00'), utc('2026-11-22T00:00:00'), utc('2026-11-23T00:00:00')]);
  });

  it('puts the window in place of $period, padded so error positions stay where they were typed', () => {
    const q = 'avg_over_time(x[$period])';
    expect(withWindow(q, DAY)).toBe('avg_over_time(x[1d     ])');
    expect(withWindow(q, 7 * DAY)).toBe('avg_over_time(x[7d     ])');
    expect(withWindow(q, 6 * 3_600_000)).toBe('avg_over_time(x[6h     ])');
    expect(withWindow(q, 37 * 60_000)).toBe('avg_over_time(x[37m    ])');
    expect(withWindow('x[$period] / y[$period]', DAY)).toBe('x[1d     ] / y[1d     ]');
    expect(withWindow(q, DAY)).toHaveLength(q.length);
  });

  it('change is relative to the previous value, null without a base', () => {
    expect(changePct(12, 10)).toBe(20);
    expect(changePct(5, 10)).toBe(-50);
    expect(changePct(-1, -2)).toBe(50);
    expect(changePct(3, 0)).toBeNull();
    expect(changePct(null, 2)).toBeNull();
    expect(changePct(2, null)).toBeNull();
  });

  it('aligns rows to periods by label set, current and previous from the last two', () => {
    const periods = [0, DAY, 2 * DAY];
    const series = assembleSeries(
      periods,
      [
        { labels: { spacecraft: 'a' }, start: 0, value: 1 },
        { labels: { spacecraft: 'a' }, start: 2 * DAY, value: 4 },
        { labels: { spacecraft: 'b' }, start: DAY, value: 2 },
        { labels: { spacecraft: 'b' }, start: 2 * DAY, value: 3 },
        { labels: { spacecraft: 'b' }, start: 5 * DAY, value: 99 }, // not one of the periods
        { labels: { spacecraft: 'c' }, start: DAY, value: Number.NaN },
      ],
      'all',
    );
    expect(series).toEqual([
      { name: '{spacecraft="a"}', labels: { spacecraft: 'a' }, values: [1, null, 4], current: 4, previous: null, change_pct: null },
      { name: '{spacecraft="b"}', labels: { spacecraft: 'b' }, values: [null, 2, 3], current: 3, previous: 2, change_pct: 50 },
    ]);
    expect(assembleSeries([0], [{ labels: {}, start: 0, value: 7 }], 'Ingest rate')[0]?.name).toBe('Ingest rate');
  });
});
