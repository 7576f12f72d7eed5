/** The option shape our charts may use; type-only so option builders stay free of echarts' runtime. */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  BrushComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | BrushComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | HeatmapSeriesOption
  | MarkLineComponentOption
  | VisualMapComponentOption
>;
