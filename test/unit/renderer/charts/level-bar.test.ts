import { describe, expect, it } from 'vitest';
import { levelBarOption } from '../../../../src/renderer/src/charts/options/level-bar';
import { LEVEL_COLORS } from '../../../../src/renderer/src/charts/theme';
import { levelCounts } from '../../../../src/renderer/src/stores/overview';

describe('levelBarOption', () => {
  const counts = levelCounts({
    by_level: [
      { level: 'ERROR', count: 4 },
      { level: 'info', count: 10 },
    ],
  } as Parameters<typeof levelCounts>[0]);

  it('has every level in severity order, zero-filled, case-insensitively matched', () => {
    expect(counts).toEqual([
      { level: 'DEBUG', count: 0 },
      { level: 'INFO', count: 10 },
      { level: 'WARN', count: 0 },
      { level: 'ERROR', count: 4 },
      { level: 'CRITICAL', count: 0 },
    ]);
  });

  it('draws one bar per level in the level colour', () => {
    const option = levelBarOption(counts);
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] });
    const series = option.series as { type: string; data: { value: number; itemStyle: { color: string } }[] }[];
    expect(series).toHaveLength(1);
    expect(series[0]?.type).toBe('bar');
    expect(series[0]?.data.map((d) => d.value)).toEqual([0, 10, 0, 4, 0]);
    expect(series[0]?.data[3]?.itemStyle.color).toBe(LEVEL_COLORS.ERROR);
    expect(series[0]?.data[4]?.itemStyle.color).toBe(LEVEL_COLORS.CRITICAL);
  });

  it('sits transparently on the dark panel', () => {
    expect(levelBarOption(counts).backgroundColor).toBe('transparent');
  });

  it('handles no data at all', () => {
    const option = levelBarOption(levelCounts(null));
    const series = option.series as { data: { value: number }[] }[];
    expect(series[0]?.data.every((d) => d.value === 0)).toBe(true);
  });
});
