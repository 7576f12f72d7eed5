import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../../src/shared/api/bridge';
import type { AppEvent } from '../../../src/shared/api/events';

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  BrowserWindow: { getAllWindows: vi.fn((): unknown[] => []) },
  dialog: { showSaveDialog: vi.fn() },
}));
vi.mock('electron', () => electron);
// The real contract dispatcher, without loading the rest of the core (SQLite) into this test.
vi.mock('../../../src/core', async () => ({ dispatch: (await import('../../../src/core/handlers/dispatch')).dispatch }));

import type { Core } from '../../../src/core';
import { forwardEvents, handleInvoke, registerIpc } from '../../../src/main/ipc';

const APP_URL = 'file:///app/out/renderer/index.html';

/** A stand-in for the core's Api at the Electron boundary: two methods are enough. */
const fakeApi = {
  'alerts.active': vi.fn(async (input: unknown) => ({ items: [], echoed: input })),
  'logs.search': vi.fn(async () => ({ items: [], next_cursor: null })),
};
const core = Promise.resolve({ api: fakeApi } as unknown as Core);
const opts = { appUrl: APP_URL, core };
const from = (url: string | null) => ({ senderFrame: url === null ? null : ({ url } as never) });

beforeEach(() => vi.clearAllMocks());

describe('handleInvoke', () => {
  it('refuses a call from a frame that is not the app', async () => {
    const result = await handleInvoke(from('https://evil.example/'), 'alerts.active', {}, opts);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fakeApi['alerts.active']).not.toHaveBeenCalled();
  });

  it('refuses a call whose frame is gone', async () => {
    await expect(handleInvoke(from(null), 'alerts.active', {}, opts)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers an unknown method with error data', async () => {
    const result = await handleInvoke(from(APP_URL), 'system.shell', {}, opts);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('returns schema violations as bad_request data without calling the core', async () => {
    const result = await handleInvoke(from(`${APP_URL}#/logs`), 'logs.search', { limit: 'lots' }, opts);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(fakeApi['logs.search']).not.toHaveBeenCalled();
  });

  it('passes a good call through with the contract defaults applied', async () => {
    const result = await handleInvoke(from(APP_URL), 'alerts.active', {}, opts);
    expect(fakeApi['alerts.active']).toHaveBeenCalledWith({ limit: 200 });
    expect(result).toEqual({ ok: true, value: { items: [], echoed: { limit: 200 } } });
  });

  it('reports a core that failed to start as unavailable', async () => {
    const failed = Promise.reject(new Error('database is locked'));
    failed.catch(() => {});
    const result = await handleInvoke(from(APP_URL), 'alerts.active', {}, { appUrl: APP_URL, core: failed });
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: 'database is locked' } });
  });
});

describe('registerIpc', () => {
  it('handles the invoke channel through the same checks (the log stream channels are tested in ipc-log-streams)', async () => {
    registerIpc(opts);
    const [channel, handler] = electron.ipcMain.handle.mock.calls.find((c) => c[0] === IPC_INVOKE) as unknown as [string, (...a: unknown[]) => Promise<unknown>];
    expect(channel).toBe(IPC_INVOKE);
    await expect(handler(from('https://evil.example/'), 'alerts.active', {})).resolves.toMatchObject({ ok: false });
    await expect(handler(from(APP_URL), 'alerts.active', {})).resolves.toMatchObject({ ok: true });
  });
});

describe('forwardEvents', () => {
  it('sends each core event to every live window on the event channel', () => {
    const live = { isDestroyed: () => false, webContents: { isDestroyed: () => false, send: vi.fn() } };
    const dead = { isDestroyed: () => true, webContents: { isDestroyed: () => true, send: vi.fn() } };
    electron.BrowserWindow.getAllWindows.mockReturnValue([live, dead]);
    let emit: (e: AppEvent) => void = () => {};
    const unsubscribe = vi.fn();
    const off = forwardEvents({ on: (l) => ((emit = l), unsubscribe) });
    const event: AppEvent = { type: 'logs.ingested', count: 1, spacecraft_ids: [] };
    emit(event);
    expect(live.webContents.send).toHaveBeenCalledWith(IPC_EVENT, event);
    expect(dead.webContents.send).not.toHaveBeenCalled();
    off();
    expect(unsubscribe).toHaveBeenCalled();
  });
});
