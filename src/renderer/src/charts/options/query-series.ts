/**
 * Metric query results as charts: lines, areas or bars over a time axis (several queries
 * overlaid, legend toggles, threshold lines, a brush that zooms the global range), and
 * histogram buckets as a heatmap. Pure: tests check the options without a DOM.
 */
import { formatTimestamp } from '../../lib/format';
import { CHART_COLORS } from '../theme';
import type { ChartOption } from '../types';
import { axisStyle, baseOption } from './common';

export type SeriesLabels = Readonly<Record<string, string>>;
export interface NamedSeries {
  name: string;
  points: readonly (readonly [number, number])[];
}
export type TimeChartKind = 'line' | 'area' | 'bar';

/** Distinct on the dark theme and readable to the common colour-vision deficiencies first. */
export const SERIES_PALETTE = ['#38bdf8', '#f5a524', '#34d399', '#f0524f', '#a78bfa', '#f472b6', '#facc15', '#2dd4bf', '#fb923c', '#94a3b8'];
export const THRESHOLD_COLOR = '#f0524f';

/** `cpu_usage{host="gs-1"}`: the metric name, then the other labels in key order, as PromQL prints them. */
export function seriesName(labels: SeriesLabels, fallback = 'value'): string {
  const name = labels.__name__ ?? '';
  const rest = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  if (rest.length === 0) return name || fallback;
  return `${name}{${rest.join(', ')}}`;
}

/** Axis numbers people read at a glance: 12.3k, 4.56M, 0.0123. */
export function compactNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(2)}G`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
  if (abs === 0 || abs >= 1) return String(+value.toFixed(2));
  return String(+value.toPrecision(3));
}

export interface TimeSeriesChartInput {
  series: readonly NamedSeries[];
  kind: TimeChartKind;
  /** The window drawn, so an empty stretch shows as empty rather than being cropped. */
  from: number;
  to: number;
  thresholds?: readonly number[];
  stacked?: boolean;
  unit?: string;
  /** Make a drag select an x range (the EChart wrapper's onBrushX then receives it). */
  brush?: boolean;
}

export function timeSeriesOption(input: TimeSeriesChartInput): ChartOption {
  const base = baseOption();
  const unit = input.unit ? ` ${input.unit}` : '';
  const thresholds = (input.thresholds ?? []).filter((t) => Number.isFinite(t));
  const many = input.series.length > 1;
  return {
    ...base,
    // Redrawn on every live tick; lines sliding between windows would mislead.
    animation: false,
    color: SERIES_PALETTE,
    grid: { left: 60, right: 16, top: many ? 36 : 16, bottom: 28, containLabel: false },
    legend: many
      ? { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { color: CHART_COLORS.muted, fontSize: 11 }, pageTextStyle: { color: CHART_COLORS.muted } }
      : { show: false },
    tooltip: {
      ...base.tooltip,
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? `${compactNumber(value)}${unit}` : String(value ?? '')),
    },
    xAxis: { type: 'time', min: input.from, max: input.to, ...axisStyle, splitLine: { show: false } },
    yAxis: {
      type: 'value',
      scale: input.kind === 'line',
      ...axisStyle,
      axisLabel: { ...axisStyle.axisLabel, formatter: (v: number) => compactNumber(v) },
    },
    ...(input.brush
      ? {
          brush: {
            xAxisIndex: 0,
            brushType: 'lineX' as const,
            brushMode: 'single' as const,
            transformable: false,
            brushStyle: { color: CHART_COLORS.accentFill, borderColor: CHART_COLORS.accent, borderWidth: 1 },
          },
        }
      : {}),
    series: input.series.map((s, i) => {
      // Threshold lines ride on the first series: markLine needs a series, and once is enough.
      const markLine =
        i === 0 && thresholds.length > 0
          ? {
              silent: true,
              symbol: 'none' as const,
              lineStyle: { color: THRESHOLD_COLOR, type: 'dashed' as const, width: 1.5 },
              label: { color: THRESHOLD_COLOR, formatter: `{c}${unit}`, position: 'insideEndTop' as const },
              data: thresholds.map((t) => ({ yAxis: t, name: 'threshold' })),
            }
          : undefined;
      const data = s.points.map(([t, v]) => [t, v]);
      if (input.kind === 'bar') {
        return { type: 'bar' as const, name: s.name, data, ...(input.stacked ? { stack: 'all' } : {}), barMaxWidth: 24, ...(markLine ? { markLine } : {}) };
      }
      return {
        type: 'line' as const,
        name: s.name,
        data,
        showSymbol: s.points.length <= 1,
        symbolSize: 4,
        lineStyle: { width: 1.5 },
        sampling: 'lttb' as const,
        ...(input.kind === 'area' ? { areaStyle: { opacity: 0.18 } } : {}),
        ...(input.stacked ? { stack: 'all' } : {}),
        ...(markLine ? { markLine } : {}),
      };
    }),
  };
}

/** Bucket upper bound from a histogram series' `le` label; +Inf sorts last. */
export function leOf(labels: SeriesLabels): number | null {
  const le = labels.le;
  if (le === undefined) return null;
  if (/^\+?inf$/i.test(le)) return Number.POSITIVE_INFINITY;
  const n = Number(le);
  return Number.isFinite(n) ? n : null;
}

export interface HeatmapData {
  times: number[];
  buckets: string[];
  /** [time index, bucket index, count in that bucket alone] */
  cells: [number, number, number][];
  max: number;
}

/**
 * Histogram bucket series (cumulative, Prometheus-style `le`) → per-bucket counts per time.
 * Series are grouped by `le` (other labels summed), and each bucket's count is its cumulative
 * value minus the bucket below it, so the heatmap shows where observations fell.
 */
export function histogramHeatmap(series: readonly { labels: SeriesLabels; points: readonly (readonly [number, number])[] }[]): HeatmapData | null {
  const byLe = new Map<number, Map<number, number>>();
  for (const s of series) {
    const le = leOf(s.labels);
    if (le === null) continue;
    const m = byLe.get(le) ?? new Map<number, number>();
    for (const [t, v] of s.points) if (Number.isFinite(v)) m.set(t, (m.get(t) ?? 0) + v);
    byLe.set(le, m);
  }
  if (byLe.size === 0) return null;
  const les = [...byLe.keys()].sort((a, b) => a - b);
  const times = [...new Set(les.flatMap((le) => [...(byLe.get(le) as Map<number, number>).keys()]))].sort((a, b) => a - b);
  const cells: [number, number, number][] = [];
  let max = 0;
  times.forEach((t, ti) => {
    let below = 0;
    les.forEach((le, bi) => {
      const cumulative = byLe.get(le)?.get(t) ?? below;
      // A counter reset between buckets can make this negative for a moment; clamp, never draw below zero.
      const count = Math.max(0, cumulative - below);
      below = Math.max(below, cumulative);
      cells.push([ti, bi, count]);
      max = Math.max(max, count);
    });
  });
  const buckets = les.map((le) => (le === Number.POSITIVE_INFINITY ? '+Inf' : `≤ ${compactNumber(le)}`));
  return { times, buckets, cells, max };
}

const spansDays = (times: readonly number[]) => times.length > 1 && (times.at(-1) as number) - (times[0] as number) > 86_400_000;

export function heatmapOption(data: HeatmapData): ChartOption {
  const base = baseOption();
  return {
    ...base,
    animation: false,
    grid: { left: 72, right: 16, top: 12, bottom: 56, containLabel: false },
    tooltip: {
      ...base.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = (p as { value?: [number, number, number] }).value;
        if (!v) return '';
        return `${formatTimestamp(data.times[v[0]] ?? 0).slice(11, 19)} · ${data.buckets[v[1]] ?? ''}: ${compactNumber(v[2])}`;
      },
    },
    xAxis: {
      type: 'category',
      // Over a day, the date matters as much as the hour.
      data: data.times.map((t) => formatTimestamp(t).slice(spansDays(data.times) ? 5 : 11, 16).replace('T', ' ')),
      ...axisStyle,
      splitArea: { show: false },
    },
    yAxis: { type: 'category', data: data.buckets, ...axisStyle },
    visualMap: {
      min: 0,
      max: Math.max(1, data.max),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      textStyle: { color: CHART_COLORS.muted, fontSize: 10 },
      inRange: { color: ['#0b1a2b', '#0e7490', '#38bdf8', '#facc15', '#f0524f'] },
    },
    series: [{ type: 'heatmap', name: 'observations', data: data.cells, emphasis: { itemStyle: { borderColor: CHART_COLORS.text, borderWidth: 1 } } }],
  };
}
