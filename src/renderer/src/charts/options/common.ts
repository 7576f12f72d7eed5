import { CHART_COLORS, CHART_FONT, CHART_MONO } from '../theme';
import type { ChartOption } from '../types';

/** Shared frame of every chart: transparent on the panel, muted axes, dark tooltip. */
export function baseOption(): Pick<ChartOption, 'backgroundColor' | 'textStyle' | 'animationDuration' | 'tooltip' | 'grid'> {
  return {
    backgroundColor: 'transparent',
    textStyle: { color: CHART_COLORS.text, fontFamily: CHART_FONT },
    animationDuration: 300,
    tooltip: {
      backgroundColor: CHART_COLORS.tooltipBg,
      borderColor: CHART_COLORS.tooltipBorder,
      textStyle: { color: CHART_COLORS.text, fontFamily: CHART_MONO, fontSize: 12 },
    },
    grid: { left: 56, right: 16, top: 24, bottom: 32, containLabel: false },
  };
}

export const axisStyle = {
  axisLine: { lineStyle: { color: CHART_COLORS.axis } },
  axisTick: { lineStyle: { color: CHART_COLORS.axis } },
  // hideOverlap: a narrow dashboard panel would print its time labels over each other.
  axisLabel: { color: CHART_COLORS.muted, fontFamily: CHART_MONO, fontSize: 11, hideOverlap: true },
  splitLine: { lineStyle: { color: CHART_COLORS.grid } },
} as const;
