import { describe, expect, it } from 'vitest';
import { formatMetricValue, metricLineOption } from '../../../../src/renderer/src/charts/options/metric-line';

type Axis = { type: string; min?: number; max?: number; axisLabel: { formatter: (v: number) => string } };

describe('metricLineOption', () => {
  const points: [number, number][] = [
    [1_700_000_000_000, 12.5],
    [1_700_000_010_000, 40],
  ];

  it('draws the points as one line on a time axis', () => {
    const option = metricLineOption('Host CPU usage', 'pct', points);
    expect(option.xAxis).toMatchObject({ type: 'time' });
    const series = option.series as { type: string; name: string; showSymbol: boolean; data: number[][] }[];
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ type: 'line', name: 'Host CPU usage', showSymbol: false });
    expect(series[0]?.data).toEqual(points);
  });

  it('pins percentages to 0–100 and formats the axis in the metric unit', () => {
    const pct = metricLineOption('CPU', 'pct', points).yAxis as Axis;
    expect([pct.min, pct.max]).toEqual([0, 100]);
    expect(pct.axisLabel.formatter(50)).toBe('50.0 %');

    const bytes = metricLineOption('RSS', 'bytes', points).yAxis as Axis;
    expect(bytes.max).toBeUndefined();
    expect(bytes.axisLabel.formatter(256 * 1024 * 1024)).toBe('256 MiB');
  });

  it('does not share the input array', () => {
    const option = metricLineOption('Ingest', 'rate', points);
    const data = (option.series as { data: number[][] }[])[0]?.data;
    expect(data).not.toBe(points);
  });

  it('formats each unit', () => {
    expect(formatMetricValue(3.25, 'ms')).toBe('3.3 ms');
    expect(formatMetricValue(1500, 'ms')).toBe('1.50 s');
    expect(formatMetricValue(1234.4, 'rate')).toBe('1,234 /s');
    expect(formatMetricValue(2.5, 'rate')).toBe('2.5 /s');
  });
});
