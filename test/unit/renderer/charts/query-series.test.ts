import { describe, expect, it } from 'vitest';
import { errorRateSeries } from '../../../../src/renderer/src/charts/options/overview';
import {
  compactNumber,
  heatmapOption,
  histogramHeatmap,
  seriesName,
  THRESHOLD_COLOR,
  timeSeriesOption,
} from '../../../../src/renderer/src/charts/options/query-series';

type AnySeries = { type: string; name?: string; stack?: string; areaStyle?: unknown; data: unknown[]; markLine?: { data: { yAxis: number }[]; lineStyle: { color: string } } };

describe('query series options', () => {
  it('names series the way PromQL prints them', () => {
    expect(seriesName({ __name__: 'cpu', host: 'gs-1', core: '0' })).toBe('cpu{core="0", host="gs-1"}');
    expect(seriesName({ spacecraft: 'juno' })).toBe('{spacecraft="juno"}');
    expect(seriesName({}, 'sum(x)')).toBe('sum(x)');
    expect(seriesName({ __name__: 'up' })).toBe('up');
  });

  it('formats axis numbers compactly', () => {
    expect([0, 1.234, 12_345, 4_560_000, 7e9, 0.012345, -25_000].map(compactNumber)).toEqual(['0', '1.23', '12.3k', '4.56M', '7G', '0.0123', '-25k']);
  });

  it('draws overlaid lines over the whole window with a threshold line and a legend', () => {
    const o = timeSeriesOption({
      series: [
        { name: 'a', points: [[1_000, 1], [2_000, 2]] },
        { name: 'b', points: [[1_000, 3]] },
      ],
      kind: 'line',
      from: 0,
      to: 10_000,
      thresholds: [45, Number.NaN, 50],
      brush: true,
    });
    const series = o.series as AnySeries[];
    expect(series.map((s) => [s.type, s.name])).toEqual([['line', 'a'], ['line', 'b']]);
    expect(series[0]?.data).toEqual([[1_000, 1], [2_000, 2]]);
    expect(series[0]?.markLine?.data.map((d) => d.yAxis)).toEqual([45, 50]);
    expect(series[0]?.markLine?.lineStyle.color).toBe(THRESHOLD_COLOR);
    expect(series[1]?.markLine).toBeUndefined();
    expect(o.xAxis).toMatchObject({ type: 'time', min: 0, max: 10_000 });
    expect(o.legend).toMatchObject({ type: 'scroll' });
    expect(o.brush).toMatchObject({ brushType: 'lineX' });
  });

  it('areas fill, bars stack when asked, a single series hides the legend, no brush unless asked', () => {
    const one = [{ name: 'x', points: [[1, 1]] as [number, number][] }];
    const area = timeSeriesOption({ series: one, kind: 'area', from: 0, to: 10 });
    expect((area.series as AnySeries[])[0]?.areaStyle).toBeDefined();
    expect(area.legend).toEqual({ show: false });
    expect(area.brush).toBeUndefined();
    const bar = timeSeriesOption({ series: one, kind: 'bar', from: 0, to: 10, stacked: true });
    expect((bar.series as AnySeries[])[0]).toMatchObject({ type: 'bar', stack: 'all' });
  });

  it('turns cumulative histogram buckets into per-bucket counts, summing other labels', () => {
    const s = (le: string, pod: string, values: number[]) => ({ labels: { le, pod }, points: values.map((v, i) => [i * 60_000, v] as [number, number]) });
    const heat = histogramHeatmap([
      s('+Inf', 'a', [10, 20]),
      s('0.1', 'a', [2, 4]),
      s('0.5', 'a', [7, 12]),
      s('0.1', 'b', [1, 1]),
      s('0.5', 'b', [1, 1]),
      s('+Inf', 'b', [1, 1]),
      { labels: { pod: 'no-le' }, points: [[0, 99]] },
    ]);
    expect(heat?.times).toEqual([0, 60_000]);
    expect(heat?.buckets).toEqual(['≤ 0.1', '≤ 0.5', '+Inf']);
    // t0: cumulative 3, 8, 11 → 3, 5, 3; t1: 5, 13, 21 → 5, 8, 8
    expect(heat?.cells).toEqual([[0, 0, 3], [0, 1, 5], [0, 2, 3], [1, 0, 5], [1, 1, 8], [1, 2, 8]]);
    expect(heat?.max).toBe(8);
    const o = heatmapOption(heat!);
    expect((o.series as AnySeries[])[0]).toMatchObject({ type: 'heatmap', data: heat?.cells });
    expect(o.visualMap).toMatchObject({ min: 0, max: 8 });
  });

  it('has no heatmap without le labels, and never a negative cell', () => {
    expect(histogramHeatmap([{ labels: { a: 'b' }, points: [[0, 1]] }])).toBeNull();
    const reset = histogramHeatmap([
      { labels: { le: '1' }, points: [[0, 5]] },
      { labels: { le: '2' }, points: [[0, 3]] },
    ]);
    expect(reset?.cells.every(([, , v]) => v >= 0)).toBe(true);
  });

  it('orders error-rate series busiest first and centres buckets', () => {
    const series = errorRateSeries({
      error_rate_by_spacecraft: {
        bucket_ms: 60_000,
        series: [
          { spacecraft_id: 'voyager-1', points: [[0, 1]] },
          { spacecraft_id: 'juno', points: [[0, 2], [60_000, 3]] },
        ],
      },
    });
    expect(series.map((s) => s.name)).toEqual(['juno', 'voyager-1']);
    expect(series[0]?.points).toEqual([[30_000, 2], [90_000, 3]]);
    expect(errorRateSeries(null)).toEqual([]);
  });
});

describe('heatmap time labels', () => {
  it('show the hour within a day and the date beyond', () => {
    const cells = (times: number[]) => ({ times, buckets: ['≤ 1'], cells: times.map((_, i) => [i, 0, 1] as [number, number, number]), max: 1 });
    const short = heatmapOption(cells([0, 60_000])).xAxis as { data: string[] };
    const long = heatmapOption(cells([0, 2 * 86_400_000])).xAxis as { data: string[] };
    expect(short.data[0]).toMatch(/^\d\d:\d\d$/);
    expect(long.data[0]).toMatch(/^\d\d-\d\d \d\d:\d\d$/);
  });
});
