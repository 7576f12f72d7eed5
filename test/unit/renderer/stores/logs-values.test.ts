import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createLogValuesStore, VALUES_TTL_MS } from '../../../../src/renderer/src/stores/logs-values';

describe('log values store', () => {
  it('fetches a field once while fresh, shares a fetch under way, and refetches when stale', async () => {
    let t = 1000;
    const transport = createMemoryTransport({
      'logs.values': async (input) => ({ field: input.field, values: [{ value: `${input.field}-a`, count: 3 }] }),
    });
    const store = createLogValuesStore(createClient(transport), () => t);
    await Promise.all([store.getState().load('service'), store.getState().load('service')]);
    await store.getState().load('service');
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.input).toEqual({ field: 'service', limit: 200 });
    expect(store.getState().values.service?.items).toEqual(['service-a']);
    t += VALUES_TTL_MS + 1;
    await store.getState().load('service');
    expect(transport.calls).toHaveLength(2);
  });

  it('a failed fetch leaves no suggestions and no error', async () => {
    const store = createLogValuesStore(createClient(createMemoryTransport({})));
    await store.getState().load('source');
    expect(store.getState().values.source).toBeUndefined();
  });
});
