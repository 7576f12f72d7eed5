/**
 * The only place echarts' runtime is imported. Registering just the parts we draw keeps the
 * bundle small (the full `echarts` entry is several times larger); add a part here before
 * using it in an option builder.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { BrushComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, BrushComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
