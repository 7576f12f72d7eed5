import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createDashboardsStore } from '../../../../src/renderer/src/stores/dashboards';
import { namedSeries } from '../../../../src/renderer/src/stores/metric-queries';
import { createExplorerStore } from '../../../../src/renderer/src/stores/metrics-explorer';
import { ApiError } from '../../../../src/shared/api/errors';
import type { MetricQueryRangeInput } from '../../../../src/shared/api/schemas/metrics';

/** A queryRange that echoes its input as one series, and refuses queries containing "(" unbalanced. */
function transport() {
  return createMemoryTransport({
    'metrics.queryRange': async (input: MetricQueryRangeInput) => {
      if ((input.query.match(/\(/g) ?? []).length !== (input.query.match(/\)/g) ?? []).length) {
        throw new ApiError('bad_request', `query: parse error at position ${input.query.length}`);
      }
      return { series: [{ labels: { q: input.query }, points: [[Number(input.start), 1], [Number(input.end), 2]] }], resolution: 'raw', stepMs: 1000 };
    },
  });
}

describe('metrics explorer store', () => {
  it('runs every non-empty query over the window at a bounded step and keeps errors per query', async () => {
    const t = transport();
    const store = createExplorerStore(createClient(t));
    store.getState().restore(['up', 'sum(x', '  '], 'bar', '45');
    expect(store.getState()).toMatchObject({ chart: 'bar', thresholds: '45' });
    await store.getState().run({ from: 0, to: 3_600_000, points: 600 });
    const [a, b, c] = store.getState().queries;
    const results = store.getState().results;
    expect(results[a!.key]).toMatchObject({ status: 'ready', resolution: 'raw' });
    expect(results[b!.key]).toMatchObject({ status: 'error', error: 'query: parse error at position 5' });
    expect(results[c!.key]).toBeUndefined();
    expect(t.calls).toHaveLength(2);
    expect(t.calls[0]?.input).toMatchObject({ start: '0', end: '3600000', step: '6s', max_points: 1200 });
  });

  it('ignores a chart type it does not know and never drops to zero query boxes', () => {
    const store = createExplorerStore(createClient(transport()));
    store.getState().restore([], 'pie', null);
    expect(store.getState().chart).toBe('line');
    store.getState().removeQuery(store.getState().queries[0]!.key);
    expect(store.getState().queries).toHaveLength(1);
  });

  it('letters overlaid queries so hidden ones keep their letter', () => {
    const r = (q: string) => ({ query: q, status: 'ready' as const, error: null, series: [{ labels: {}, points: [] }], resolution: null, stepMs: null });
    expect(namedSeries([r('a'), undefined, r('c')]).map((s) => s.name)).toEqual(['A: a', 'C: c']);
    expect(namedSeries([r('a')]).map((s) => s.name)).toEqual(['a']);
  });
});

describe('dashboards store', () => {
  it('shows why an import was refused: bad JSON here, bad fields from the station', async () => {
    const t = createMemoryTransport({
      'dashboards.save': async () => {
        throw new ApiError('bad_request', 'panels[0].chart: must be one of line, area, bar, heatmap, stat');
      },
      'dashboards.list': async () => ({ items: [] }),
    });
    const store = createDashboardsStore(createClient(t));
    expect(await store.getState().importText('{"name": ')).toBeNull();
    expect(store.getState().error).toMatch(/^Not valid JSON/);
    expect(t.calls).toHaveLength(0);
    expect(await store.getState().importText('{"name": "x", "panels": [{"chart": "pie"}]}')).toBeNull();
    expect(store.getState().error).toBe('Import refused: panels[0].chart: must be one of line, area, bar, heatmap, stat');
  });
});
