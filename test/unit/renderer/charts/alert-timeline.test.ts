import { describe, expect, it } from 'vitest';
import { alertTimelineOption, firingRanges } from '../../../../src/renderer/src/charts/options/alert-timeline';

describe('alert timeline chart', () => {
  it('firing ranges run from firing to resolved, and to the end when still open', () => {
    expect(
      firingRanges(
        [
          { at: 10, to: 'pending' },
          { at: 20, to: 'firing' },
          { at: 25, to: 'acknowledged' },
          { at: 30, to: 'resolved' },
          { at: 50, to: 'firing' },
          { at: 55, to: 'cleared' },
        ],
        99,
      ),
    ).toEqual([
      [20, 30],
      [50, 99],
    ]);
    expect(firingRanges([{ at: 5, to: 'pending' }, { at: 6, to: 'resolved' }], 9)).toEqual([]);
  });

  it('plots values with gaps, a dashed threshold line and shaded firing periods', () => {
    const option = alertTimelineOption([[1, 2], [2, null], [3, 7]], 5, [[3, 4]]);
    const series = (option.series as Record<string, unknown>[])[0] as {
      data: unknown[];
      markLine: { data: { yAxis: number }[]; lineStyle: { type: string } };
      markArea: { data: [{ xAxis: number }, { xAxis: number }][] };
    };
    expect(series.data).toEqual([[1, 2], [2, null], [3, 7]]);
    expect(series.markLine.data).toEqual([{ yAxis: 5 }]);
    expect(series.markLine.lineStyle.type).toBe('dashed');
    expect(series.markArea.data).toEqual([[{ xAxis: 3 }, { xAxis: 4 }]]);
  });
});
