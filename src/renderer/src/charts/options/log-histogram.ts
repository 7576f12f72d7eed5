import { LOG_LEVELS, type LogHistogram } from '../../../../shared/api/schemas/logs';
import { formatCount } from '../../lib/format';
import { CHART_COLORS, LEVEL_COLORS } from '../theme';
import type { ChartOption } from '../types';
import { axisStyle, baseOption } from './common';

/**
 * Matching lines per time bucket, one stacked bar series per level in the level's colour,
 * DEBUG at the bottom so the severe levels sit on top where the eye lands. The x axis is a
 * time axis spanning exactly the searched window, so a brushed x range maps straight back to
 * epoch milliseconds; the brush itself is switched on by the EChart wrapper (`brushX`).
 */
export function logHistogramOption(histogram: LogHistogram): ChartOption {
  const base = baseOption();
  const half = histogram.bucket_ms / 2;
  return {
    ...base,
    // Redrawn on every search and live refresh; bars sliding between windows would mislead.
    animation: false,
    grid: { left: 48, right: 12, top: 28, bottom: 24, containLabel: false },
    legend: {
      top: 0,
      right: 8,
      itemWidth: 10,
      itemHeight: 10,
      textStyle: { color: CHART_COLORS.muted, fontSize: 11 },
      data: [...LOG_LEVELS],
    },
    tooltip: {
      ...base.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => (typeof value === 'number' ? formatCount(value) : String(value ?? '')),
    },
    xAxis: {
      type: 'time',
      min: histogram.from,
      max: histogram.to,
      ...axisStyle,
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle, splitNumber: 3 },
    brush: {
      xAxisIndex: 0,
      brushType: 'lineX',
      brushMode: 'single',
      transformable: false,
      brushStyle: { color: CHART_COLORS.accentFill, borderColor: CHART_COLORS.accent, borderWidth: 1 },
      outOfBrush: { colorAlpha: 0.35 },
    },
    series: LOG_LEVELS.map((level) => ({
      type: 'bar' as const,
      name: level,
      stack: 'levels',
      barCategoryGap: '10%',
      itemStyle: { color: LEVEL_COLORS[level] },
      emphasis: { disabled: true },
      // Bars centred in their bucket, so a bar covers the time it counts.
      data: histogram.buckets.map((b) => [b.t + half, b.counts[level]]),
    })),
  };
}

/** An x range from the brush, ordered, clamped to the histogram's window, whole milliseconds. */
export function brushedRange(histogram: Pick<LogHistogram, 'from' | 'to'>, range: readonly number[]): { from: number; to: number } | null {
  const [a, b] = range;
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const from = Math.max(histogram.from, Math.floor(Math.min(a, b)));
  const to = Math.min(histogram.to, Math.ceil(Math.max(a, b)));
  return to > from ? { from, to } : null;
}
