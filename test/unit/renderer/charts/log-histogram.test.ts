import { describe, expect, it } from 'vitest';
import { brushedRange, logHistogramOption } from '../../../../src/renderer/src/charts/options/log-histogram';
import { LEVEL_COLORS } from '../../../../src/renderer/src/charts/theme';
import type { LogHistogram } from '../../../../src/shared/api/schemas/logs';

const counts = (p: Partial<LogHistogram['buckets'][number]['counts']> = {}) => ({ DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, CRITICAL: 0, ...p });
const histogram: LogHistogram = {
  from: 1_000_000,
  to: 1_180_000,
  bucket_ms: 60_000,
  buckets: [
    { t: 1_000_000, total: 3, counts: counts({ INFO: 2, ERROR: 1 }) },
    { t: 1_060_000, total: 0, counts: counts() },
    { t: 1_120_000, total: 5, counts: counts({ DEBUG: 1, CRITICAL: 4 }) },
  ],
  total: 8,
};

type Series = { name: string; stack: string; type: string; itemStyle: { color: string }; data: [number, number][] };

describe('log histogram option', () => {
  const option = logHistogramOption(histogram);
  const series = option.series as Series[];

  it('stacks one bar series per level, severity order, in the level colours', () => {
    expect(series.map((s) => s.name)).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']);
    expect(new Set(series.map((s) => s.stack)).size).toBe(1);
    expect(series.every((s) => s.type === 'bar')).toBe(true);
    expect(series.find((s) => s.name === 'ERROR')?.itemStyle.color).toBe(LEVEL_COLORS.ERROR);
  });

  it('places each bucket at its centre on a time axis spanning exactly the searched window', () => {
    expect(option.xAxis).toMatchObject({ type: 'time', min: 1_000_000, max: 1_180_000 });
    expect(series.find((s) => s.name === 'CRITICAL')?.data).toEqual([
      [1_030_000, 0],
      [1_090_000, 0],
      [1_150_000, 4],
    ]);
    expect(series.find((s) => s.name === 'INFO')?.data[0]).toEqual([1_030_000, 2]);
  });

  it('declares an x-only brush for zooming', () => {
    expect(option.brush).toMatchObject({ xAxisIndex: 0, brushType: 'lineX', brushMode: 'single' });
  });

  it('handles an empty window', () => {
    const empty = logHistogramOption({ ...histogram, buckets: [], total: 0 });
    expect((empty.series as Series[]).every((s) => s.data.length === 0)).toBe(true);
  });
});

describe('brushed range', () => {
  it('orders, rounds to whole ms and clamps to the window', () => {
    expect(brushedRange(histogram, [1_100_000.7, 1_050_000.2])).toEqual({ from: 1_050_000, to: 1_100_001 });
    expect(brushedRange(histogram, [900_000, 2_000_000])).toEqual({ from: 1_000_000, to: 1_180_000 });
  });

  it('ignores an empty or malformed selection', () => {
    expect(brushedRange(histogram, [1_050_000, 1_050_000])).toBeNull();
    expect(brushedRange(histogram, [Number.NaN, 1])).toBeNull();
    expect(brushedRange(histogram, [])).toBeNull();
  });
});
