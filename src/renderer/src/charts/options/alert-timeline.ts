import { CHART_COLORS } from '../theme';
import type { ChartOption } from '../types';
import { axisStyle, baseOption } from './common';

const FIRING_FILL = 'rgba(240, 82, 79, 0.18)';
const THRESHOLD = '#f5a524';

/** A state change on the timeline (a backtest's events, or an alert's transitions). */
export interface TimelineChange {
  at: number;
  to: string;
}

/** Time ranges in which the alarm was firing/acknowledged/shelved/cleared, from its state changes. */
export function firingRanges(changes: readonly TimelineChange[], end: number): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  for (const c of [...changes].sort((a, b) => a.at - b.at)) {
    const on = c.to === 'firing' || c.to === 'acknowledged' || c.to === 'shelved' || c.to === 'cleared';
    if (on && start === null) start = c.at;
    if (!on && start !== null) {
      out.push([start, c.at]);
      start = null;
    }
  }
  if (start !== null) out.push([start, end]);
  return out;
}

/**
 * The rule's value over time with its threshold as a dashed line and the periods it would
 * have been (or was) firing shaded: the backtest chart and the alert detail chart.
 */
export function alertTimelineOption(
  points: readonly (readonly [number, number | null])[],
  threshold: number,
  firing: readonly (readonly [number, number])[],
): ChartOption {
  const base = baseOption();
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: 'axis' },
    xAxis: { type: 'time', ...axisStyle, splitLine: { show: false } },
    yAxis: { type: 'value', ...axisStyle, scale: true },
    series: [
      {
        type: 'line',
        name: 'value',
        showSymbol: false,
        connectNulls: false,
        lineStyle: { color: CHART_COLORS.accent, width: 1.5 },
        itemStyle: { color: CHART_COLORS.accent },
        data: points.map(([t, v]) => [t, v]),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: THRESHOLD, type: 'dashed' },
          label: { color: THRESHOLD, position: 'insideEndTop', formatter: `threshold ${threshold}` },
          data: [{ yAxis: threshold }],
        },
        markArea: {
          silent: true,
          itemStyle: { color: FIRING_FILL },
          data: firing.map(([a, b]) => [{ xAxis: a }, { xAxis: b }]),
        },
      },
    ],
  };
}
