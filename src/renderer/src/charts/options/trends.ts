import type { MetricTrends, TrendItem } from '../../../../shared/api/schemas/trends';
import type { ChartOption } from '../types';
import { axisStyle, baseOption } from './common';
import { compactNumber, SERIES_PALETTE } from './query-series';

/** How many series a trend chart draws (the table lists them all). */
export const TREND_CHART_SERIES = 6;

/** "Nov 23" for a day, "w/c Nov 16" for a week (the week commencing that Monday), in UTC as the periods are. */
export function periodLabel(start: number, period: MetricTrends['period']): string {
  const text = new Date(start).toLocaleDateString('en-GB', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return period === 'week' ? `w/c ${text}` : text;
}

/**
 * One trend item as bars per period (oldest left, the current partial period last and paler),
 * one bar group per series, so this period stands next to the previous ones at a glance.
 */
export function trendOption(trends: Pick<MetricTrends, 'period' | 'periods'>, item: Pick<TrendItem, 'series' | 'unit'>): ChartOption {
  const base = baseOption();
  const last = trends.periods.length - 1;
  return {
    ...base,
    grid: { ...base.grid, top: 28, right: 12 },
    tooltip: { ...base.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${compactNumber(v)}${item.unit ? ` ${item.unit}` : ''}` : '—') },
    legend: { top: 0, textStyle: { color: '#9fb0c6', fontSize: 11 }, type: 'scroll' },
    xAxis: { type: 'category', data: trends.periods.map((p, i) => (i === last ? `${periodLabel(p, trends.period)} (so far)` : periodLabel(p, trends.period))), ...axisStyle, splitLine: { show: false } },
    yAxis: { type: 'value', ...axisStyle, axisLabel: { ...axisStyle.axisLabel, formatter: (v: number) => compactNumber(v) } },
    series: item.series.slice(0, TREND_CHART_SERIES).map((s, k) => ({
      type: 'bar',
      name: s.name,
      barMaxWidth: 18,
      itemStyle: { color: SERIES_PALETTE[k % SERIES_PALETTE.length] },
      data: s.values.map((v, i) => (i === last ? { value: v, itemStyle: { opacity: 0.55 } } : v)),
    })),
  };
}
