import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createLogsStore, selectCanAutoRefresh } from '../../../../src/renderer/src/stores/logs';
import { DEFAULT_LOG_QUERY } from '../../../../src/renderer/src/stores/logs-query';
import type { Api } from '../../../../src/shared/api/contract';
import { ApiError } from '../../../../src/shared/api/errors';
import type { LogSearchInput } from '../../../../src/shared/api/schemas/logs';
import { logEntry } from '../fixtures';

function storeWith(search: Api['logs.search'], extra: Partial<Api> = {}) {
  const transport = createMemoryTransport({ 'logs.search': search, ...extra });
  return { store: createLogsStore(createClient(transport)), transport };
}

describe('logs store', () => {
  it('searches with the query translated to the API input and keeps the cursor', async () => {
    const inputs: LogSearchInput[] = [];
    const { store } = storeWith(async (input) => {
      inputs.push(input);
      return { items: [logEntry(2), logEntry(1)], next_cursor: 'c1' };
    });
    await store.getState().search({ ...DEFAULT_LOG_QUERY, q: ' fault ', minLevel: 'WARN', spacecraft: 'SC-9', range: '1h' });
    expect(inputs[0]).toEqual({ q: 'fault', min_level: 'WARN', spacecraft_id: 'SC-9', from: 'now-1h', limit: 100 });
    const s = store.getState();
    expect(s.status).toBe('ready');
    expect(s.items.map((e) => e.id)).toEqual([2, 1]);
    expect(s.nextCursor).toBe('c1');
    expect(selectCanAutoRefresh(s)).toBe(true);
  });

  it('loads more with the cursor and never shows a line twice', async () => {
    const { store } = storeWith(async (input) =>
      input.cursor
        ? { items: [logEntry(2), logEntry(1), logEntry(0)], next_cursor: null }
        : { items: [logEntry(3), logEntry(2)], next_cursor: 'c1' },
    );
    await store.getState().search();
    await store.getState().loadMore();
    const s = store.getState();
    expect(s.items.map((e) => e.id)).toEqual([3, 2, 1, 0]);
    expect(s.nextCursor).toBeNull();
    expect(s.pages).toBe(2);
    // Two pages on screen: a live refresh would throw the second away.
    expect(selectCanAutoRefresh(s)).toBe(false);
  });

  it('shows the API error message and no stale results', async () => {
    let fail = false;
    const { store } = storeWith(async () => {
      if (fail) throw new ApiError('bad_request', 'logs.search: /min_level must be a level');
      return { items: [logEntry(1)], next_cursor: null };
    });
    await store.getState().search();
    fail = true;
    await store.getState().search();
    const s = store.getState();
    expect(s.status).toBe('error');
    expect(s.error).toBe('logs.search: /min_level must be a level');
    expect(s.items).toEqual([]);
  });

  it('drops the answer of a search overtaken by a newer one', async () => {
    const pending: ((q: string) => void)[] = [];
    const { store } = storeWith(
      () =>
        new Promise((resolve) => {
          pending.push((q) => resolve({ items: [logEntry(q === 'new' ? 2 : 1, { message: q })], next_cursor: null }));
        }),
    );
    const first = store.getState().search({ ...DEFAULT_LOG_QUERY, q: 'old' });
    const second = store.getState().search({ ...DEFAULT_LOG_QUERY, q: 'new' });
    await Promise.resolve();
    await Promise.resolve();
    pending[1]?.('new');
    await second;
    pending[0]?.('old');
    await first;
    expect(store.getState().items.map((e) => e.message)).toEqual(['new']);
    expect(store.getState().query.q).toBe('new');
  });

  it('counts ingested lines until the next search', async () => {
    const { store } = storeWith(async () => ({ items: [], next_cursor: null }));
    store.getState().noteIngested(5);
    store.getState().noteIngested(2);
    expect(store.getState().newLines).toBe(7);
    await store.getState().search();
    expect(store.getState().newLines).toBe(0);
  });

  it('fills the service and spacecraft choices from logs.values', async () => {
    const { store } = storeWith(async () => ({ items: [], next_cursor: null }), {
      'logs.values': async ({ field }) => ({
        field,
        values: field === 'service' ? [{ value: 'power', count: 3 }] : [{ value: 'SC-1', count: 9 }],
      }),
    });
    await store.getState().loadFilterValues();
    expect(store.getState().services).toEqual(['power']);
    expect(store.getState().spacecraft).toEqual(['SC-1']);
  });
});

describe('logs store quiet refresh', () => {
  it('keeps the results on screen while a live refresh runs', async () => {
    let release: () => void = () => undefined;
    let call = 0;
    const { store } = storeWith(async () => {
      call += 1;
      if (call === 2) await new Promise<void>((resolve) => (release = resolve));
      return { items: [logEntry(call)], next_cursor: null };
    });
    await store.getState().search();
    const refreshing = store.getState().search(undefined, { quiet: true });
    expect(store.getState().status).toBe('ready');
    expect(store.getState().items.map((e) => e.id)).toEqual([1]);
    release();
    await refreshing;
    expect(store.getState().items.map((e) => e.id)).toEqual([2]);
  });
});
