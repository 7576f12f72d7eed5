import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createIpcTransport } from '../../../../src/renderer/src/api/ipc-transport';
import { methodNames } from '../../../../src/shared/api/contract';
import { ApiError } from '../../../../src/shared/api/errors';
import { alert, logEntry } from '../fixtures';

describe('createClient', () => {
  it('exposes every contract method as api.<domain>.<name>', () => {
    const api = createClient(createMemoryTransport({})) as unknown as Record<string, Record<string, unknown>>;
    for (const method of methodNames) {
      const [domain, name] = method.split('.') as [string, string];
      expect(typeof api[domain]?.[name], method).toBe('function');
    }
  });

  it('calls the method by its contract name and returns its output', async () => {
    const transport = createMemoryTransport({
      'logs.search': async (input) => ({ items: [logEntry(1, { message: String(input.q) })], next_cursor: null }),
    });
    const api = createClient(transport);
    const page = await api.logs.search({ q: 'fault', limit: 10 });
    expect(page.items[0]?.message).toBe('fault');
    expect(transport.calls).toEqual([{ method: 'logs.search', input: { q: 'fault', limit: 10 } }]);
  });

  it('sends {} for methods called without input', async () => {
    const transport = createMemoryTransport({ 'alerts.listRules': async () => ({ items: [] }) });
    await createClient(transport).alerts.listRules();
    expect(transport.calls[0]?.input).toEqual({});
  });

  it('throws an ApiError carrying the code and message of an error answer', async () => {
    const api = createClient(
      createMemoryTransport({
        'alerts.acknowledge': async ({ id }) => {
          throw new ApiError('not_found', `alert ${id} not found`);
        },
      }),
    );
    const error = await api.alerts.acknowledge({ id: 7, by: 'ops' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_found', message: 'alert 7 not found', status: 404 });
  });

  it('reports a method the implementation lacks as not_found', async () => {
    const error = await createClient(createMemoryTransport({})).system.info().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found' });
  });

  it('never shares objects with the implementation (as on the wire)', async () => {
    const stored = alert(1);
    const api = createClient(createMemoryTransport({ 'alerts.active': async () => ({ items: [stored] }) }));
    const list = await api.alerts.active();
    list.items[0]!.status = 'resolved';
    expect(stored.status).toBe('firing');
  });

  it('is not mistaken for a promise', async () => {
    const api = createClient(createMemoryTransport({}));
    expect((api as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(Promise.resolve(api)).resolves.toBe(api);
  });
});

describe('memory transport events', () => {
  it('delivers emitted events until unsubscribed', () => {
    const transport = createMemoryTransport({});
    const seen: string[] = [];
    const off = transport.subscribe((e) => seen.push(e.type));
    transport.emit({ type: 'logs.ingested', count: 3, spacecraft_ids: ['SC-1'] });
    off();
    transport.emit({ type: 'logs.ingested', count: 1, spacecraft_ids: [] });
    expect(seen).toEqual(['logs.ingested']);
  });
});

describe('ipc transport', () => {
  it('forwards to the bridge and turns a rejected invoke into unavailable', async () => {
    const transport = createIpcTransport({
      invoke: async (method) => {
        if (method === 'system.info') throw new Error('No handler registered');
        return { ok: true, value: method };
      },
      onEvent: () => () => undefined,
    });
    expect(await transport.invoke('alerts.listRules', {})).toEqual({ ok: true, value: 'alerts.listRules' });
    const failed = await transport.invoke('system.info', {});
    expect(failed.ok ? null : failed.error.code).toBe('unavailable');
  });
});
