import { formatBytes, formatMs, formatPct, formatRate } from '../../lib/format';
import { CHART_COLORS } from '../theme';
import type { ChartOption } from '../types';
import { axisStyle, baseOption } from './common';

export type MetricUnit = 'pct' | 'bytes' | 'ms' | 'rate';

export function formatMetricValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'pct':
      return formatPct(value);
    case 'bytes':
      return formatBytes(value);
    case 'ms':
      return formatMs(value);
    case 'rate':
      return formatRate(value);
  }
}

/** One metric over time as a single line with a faint fill; percentages keep a fixed 0–100 axis. */
export function metricLineOption(
  label: string,
  unit: MetricUnit,
  points: readonly (readonly [number, number])[],
): ChartOption {
  const base = baseOption();
  return {
    ...base,
    grid: { ...base.grid, left: 72 },
    tooltip: {
      ...base.tooltip,
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? formatMetricValue(value, unit) : String(value ?? '')),
    },
    xAxis: { type: 'time', ...axisStyle, splitLine: { show: false } },
    yAxis: {
      type: 'value',
      ...axisStyle,
      ...(unit === 'pct' ? { min: 0, max: 100 } : { min: 0 }),
      axisLabel: { ...axisStyle.axisLabel, formatter: (value: number) => formatMetricValue(value, unit) },
    },
    series: [
      {
        type: 'line',
        name: label,
        showSymbol: false,
        smooth: false,
        lineStyle: { color: CHART_COLORS.accent, width: 1.5 },
        itemStyle: { color: CHART_COLORS.accent },
        areaStyle: { color: CHART_COLORS.accentFill },
        data: points.map(([t, v]) => [t, v]),
      },
    ],
  };
}
