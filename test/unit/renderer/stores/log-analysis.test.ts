import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createLogAnalysisStore } from '../../../../src/renderer/src/stores/log-analysis';
import { createLogsStore, hintsOf } from '../../../../src/renderer/src/stores/logs';
import { DEFAULT_LOG_QUERY } from '../../../../src/renderer/src/stores/logs-query';
import { createSearchesStore } from '../../../../src/renderer/src/stores/searches';
import type { Api } from '../../../../src/shared/api/contract';
import { ApiError } from '../../../../src/shared/api/errors';
import type { LogFacets, LogHistogram, SavedSearch } from '../../../../src/shared/api/schemas/logs';
import { logEntry } from '../fixtures';

const histogram: LogHistogram = { from: 0, to: 60_000, bucket_ms: 60_000, buckets: [], total: 0 };
const facets: LogFacets = { level: [{ value: 'INFO', count: 2 }], service: [], spacecraft_id: [], source: [] };

function analysisWith(impl: Partial<Api>) {
  const transport = createMemoryTransport(impl);
  return { store: createLogAnalysisStore(createClient(transport)), transport };
}

describe('log analysis store', () => {
  it('fetches histogram and facets with the same query fields as the search', async () => {
    const { store, transport } = analysisWith({ 'logs.histogram': async () => histogram, 'logs.facets': async () => facets });
    await store.getState().analyse({ ...DEFAULT_LOG_QUERY, q: 'valve', service: 'nav', from: 10, to: 20 });
    const fields = { q: 'valve', service: 'nav', from: '10', to: '20' };
    expect(transport.calls).toEqual([
      { method: 'logs.histogram', input: fields },
      { method: 'logs.facets', input: fields },
    ]);
    expect(store.getState()).toMatchObject({ histogram, facets, histogramError: null, facetsError: null });
  });

  it('reports one failing half without losing the other', async () => {
    const { store } = analysisWith({ 'logs.facets': async () => facets });
    await store.getState().analyse(DEFAULT_LOG_QUERY);
    expect(store.getState().facets).toEqual(facets);
    expect(store.getState().histogram).toBeNull();
    expect(store.getState().histogramError).toMatch(/unknown method/);
  });

  it('"count exactly" holds for its query across refreshes: they ask for the exact count, one at a time, and never put the estimate back', async () => {
    const estimate: LogHistogram = { ...histogram, total: 992, sampled: { fraction: 1 / 16, note: 'estimated' } };
    const exact: LogHistogram = { ...histogram, total: 1000 };
    let release: (() => void) | null = null;
    const { store, transport } = analysisWith({
      'logs.histogram': async (input) => {
        if (!input.exact) return estimate;
        await new Promise<void>((r) => (release = r));
        return exact;
      },
      'logs.facets': async () => facets,
    });
    const query = { ...DEFAULT_LOG_QUERY, q: 'info' };
    await store.getState().analyse(query);
    expect(store.getState().histogram).toEqual(estimate);
    const counting = store.getState().countExactly(query);
    expect(store.getState().exactCount).toEqual({ status: 'counting', error: null });
    // An auto-refresh while the exact count runs: facets only, no second exact request.
    await store.getState().analyse(query);
    expect(transport.calls.filter((c) => c.method === 'logs.histogram' && (c.input as { exact?: boolean }).exact)).toHaveLength(1);
    expect(store.getState().exactCount?.status).toBe('counting');
    release!();
    await counting;
    expect(store.getState()).toMatchObject({ histogram: exact, exactCount: null });
    // Later refreshes of the same query ask for the exact count again; another query does not.
    const refresh = store.getState().analyse(query);
    release!();
    await refresh;
    expect(store.getState().histogram).toEqual(exact);
    await store.getState().analyse({ ...query, q: 'warn' });
    expect(store.getState().histogram).toEqual(estimate);
    expect(transport.calls.filter((c) => c.method === 'logs.histogram' && (c.input as { exact?: boolean }).exact)).toHaveLength(2);
  });

  it('opens a context panel around a line and closes it', async () => {
    const { store, transport } = analysisWith({
      'logs.context': async ({ id }) => ({ anchor: logEntry(id), before: [logEntry(id - 1)], after: [logEntry(id + 1)] }),
    });
    await store.getState().openContext(5);
    expect(transport.calls[0]).toEqual({ method: 'logs.context', input: { id: 5, before: 10, after: 10, same: 'both' } });
    expect(store.getState().contexts[5]?.data?.before.map((e) => e.id)).toEqual([4]);
    store.getState().closeContext(5);
    expect(store.getState().contexts[5]).toBeUndefined();
  });
});

describe('logs store and the query parser', () => {
  it('keeps hints from the answer and marks a refused query', async () => {
    let fail = false;
    const store = createLogsStore(
      createClient(
        createMemoryTransport({
          'logs.search': async () => {
            if (fail) throw new ApiError('bad_request', 'unbalanced parenthesis at 4');
            return { items: [logEntry(1)], next_cursor: null, hints: [{ position: 3, message: 'OR needs a term' }] } as never;
          },
        }),
      ),
    );
    await store.getState().search();
    expect(store.getState().hints).toEqual([{ position: 3, message: 'OR needs a term' }]);
    expect(store.getState().searchSeq).toBe(1);
    fail = true;
    await store.getState().search();
    expect(store.getState()).toMatchObject({ queryRejected: true, error: 'unbalanced parenthesis at 4', hints: [] });
  });

  it('reads hints defensively', () => {
    expect(hintsOf({})).toEqual([]);
    expect(hintsOf({ hints: [{ message: 'x' }, { position: 2 }, null, 'y'] })).toEqual([{ position: null, message: 'x' }]);
  });
});

describe('saved searches store', () => {
  const saved = (id: number, name: string): SavedSearch => ({ id, name, query: { q: name }, created_at: 1, updated_at: 1 });

  it('lists, saves (replacing the same name) and deletes', async () => {
    const transport = createMemoryTransport({
      'searches.list': async () => ({ items: [saved(2, 'b'), saved(1, 'a')] }),
      'searches.save': async ({ name }) => saved(name === 'a' ? 1 : 3, name),
      'searches.delete': async () => ({ deleted: true }),
    });
    const store = createSearchesStore(createClient(transport));
    await store.getState().load();
    expect(store.getState().items.map((s) => s.name)).toEqual(['a', 'b']);
    expect(await store.getState().save(' c ', { ...DEFAULT_LOG_QUERY, q: 'valve' })).toBe(true);
    expect(transport.calls.at(-1)).toEqual({ method: 'searches.save', input: { name: 'c', query: { q: 'valve', from: 'now-24h' } } });
    await store.getState().save('a', DEFAULT_LOG_QUERY);
    expect(store.getState().items.map((s) => s.id)).toEqual([1, 2, 3]);
    await store.getState().remove(2);
    expect(store.getState().items.map((s) => s.name)).toEqual(['a', 'c']);
  });

  it('refuses an empty name without calling the station', async () => {
    const transport = createMemoryTransport({});
    const store = createSearchesStore(createClient(transport));
    expect(await store.getState().save('  ', DEFAULT_LOG_QUERY)).toBe(false);
    expect(store.getState().error).toBe('Give the search a name');
    expect(transport.calls).toEqual([]);
  });
});
