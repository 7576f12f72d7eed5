import type { LogLevel } from '../../../../shared/api/schemas/logs';
import { LEVEL_COLORS } from '../theme';
import type { ChartOption } from '../types';
import { axisStyle, baseOption } from './common';

/** Log lines per level as bars in the level's own colour, in severity order as given. */
export function levelBarOption(counts: readonly { level: LogLevel; count: number }[]): ChartOption {
  const base = baseOption();
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: counts.map((c) => c.level), ...axisStyle, splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle },
    series: [
      {
        type: 'bar',
        name: 'Lines',
        barMaxWidth: 48,
        data: counts.map((c) => ({ value: c.count, itemStyle: { color: LEVEL_COLORS[c.level] } })),
        label: { show: true, position: 'top', color: '#d6e0ee', fontSize: 11 },
      },
    ],
  };
}
