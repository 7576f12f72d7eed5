/**
 * The only place echarts' runtime is imported. Registering just the parts we draw keeps the
 * bundle small (the full `echarts` entry is several times larger); add a part here before
 * using it in an option builder.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { BrushComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, BrushComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
// Dashboards: histogram heatmaps, threshold lines.
echarts.use([HeatmapChart, MarkLineComponent, VisualMapComponent]);

export { echarts };
