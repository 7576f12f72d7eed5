import { describe, expect, it } from 'vitest';
import { periodLabel, TREND_CHART_SERIES, trendOption } from '../../../../src/renderer/src/charts/options/trends';

const DAY = 86_400_000;
const monday = Date.parse('2026-11-16T00:00:00Z');

describe('trend chart option', () => {
  it('labels periods in UTC: a day by its date, a week by its Monday', () => {
    expect(periodLabel(monday, 'day')).toBe('16 Nov');
    expect(periodLabel(monday, 'week')).toBe('w/c 16 Nov');
  });

  it('draws one bar series per trend series, the current period last, marked and paler', () => {
    const periods = [monday, monday + DAY, monday + 2 * DAY];
    const series = Array.from({ length: 8 }, (_, k) => ({ name: `s${k}`, labels: {}, values: [1, null, 3], current: 3, previous: null, change_pct: null }));
    const option = trendOption({ period: 'day', periods }, { series, unit: '°C' });
    const bars = option.series as { name: string; data: unknown[] }[];
    expect(bars).toHaveLength(TREND_CHART_SERIES);
    expect(bars[0]?.data).toEqual([1, null, { value: 3, itemStyle: { opacity: 0.55 } }]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['16 Nov', '17 Nov', '18 Nov (so far)']);
  });
});
