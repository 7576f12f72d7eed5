import { describe, expect, it } from 'vitest';
import { AlertsRepo } from '../../../../src/core/db/repos/alerts';
import { EndpointsRepo } from '../../../../src/core/db/repos/endpoints';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { SpacecraftRepo } from '../../../../src/core/db/repos/spacecraft';
import type { HandlerContext } from '../../../../src/core/handlers/context';
import { fleetHandlers } from '../../../../src/core/handlers/fleet';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createEndpointsStore } from '../../../../src/renderer/src/stores/endpoints';
import { memoryDb } from '../../core/fixtures';

/** The store over the core's real fleet handlers and an in-memory SQLite database. */
function setup() {
  const db = memoryDb();
  const repos = { logs: new LogsRepo(db), alerts: new AlertsRepo(db), spacecraft: new SpacecraftRepo(db), endpoints: new EndpointsRepo(db) };
  const noop = () => undefined;
  const ctx = { repos, now: () => 1_000_000, scheduler: { added: noop, updated: noop, removed: noop }, events: { emit: noop } } as unknown as HandlerContext;
  const store = createEndpointsStore(createClient(createMemoryTransport(fleetHandlers(ctx))));
  return { db, repos, store };
}

describe('endpoints store', () => {
  it('create, edit, pause, open the detail, delete: the list follows each answer', async () => {
    const { db, repos, store } = setup();
    const s = () => store.getState();
    const a = await s().createEndpoint({ endpoint_url: 'http://a/', keyword: 'ok' });
    await s().createEndpoint({ endpoint_url: 'tcp://b:1' });
    expect(s().items.map((e) => e.name)).toEqual(['a', 'b:1']);

    await s().updateEndpoint({ id: a.id, name: 'alpha', retries: 2 });
    expect(s().items[0]).toMatchObject({ name: 'alpha', retries: 2, config: { keyword: 'ok' } });

    await s().setPaused(a.id, true);
    expect(s().items[0]!.paused).toBe(true);

    repos.endpoints.recordCheck(a.id, { at: 999_000, ok: true, status: 'up', failures: 0, latency_ms: 4, error: null, changed: true });
    await s().select(a.id);
    expect(s().detail).toMatchObject({ endpoint: { id: a.id }, uptime: { '24h': 100 }, history: [{ ok: true, latency_ms: 4 }] });

    await s().deleteEndpoint(a.id);
    expect(s().items.map((e) => e.name)).toEqual(['b:1']);
    expect(s().selectedId).toBeNull();
    expect(await s().load()).toBe(true);
    expect(s().items.map((e) => e.name)).toEqual(['b:1']);
    db.close();
  });

  it('the server validation message reaches the form; a vanished endpoint shows a detail error', async () => {
    const { db, store } = setup();
    await expect(store.getState().createEndpoint({ endpoint_url: 'tcp://x:1', keyword: 'k' })).rejects.toThrow(/^keyword: not for tcp endpoints/);
    await store.getState().select(42);
    expect(store.getState().detailError).toMatch(/endpoint 42 not found/);
    db.close();
  });
});
