import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_EXPORT, IPC_EXPORT_CANCEL, IPC_INVOKE, IPC_TAIL_START, IPC_TAIL_STOP, type Bridge } from '../../../src/shared/api/bridge';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(() => Promise.resolve({ ok: true, value: 42 })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

await import('../../../src/preload/index');

function exposed(): Bridge {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Bridge];
  expect(name).toBe('mc');
  return api;
}

describe('preload bridge', () => {
  it('exposes exactly invoke, onEvent and the log stream calls as window.mc', () => {
    expect(Object.keys(exposed()).sort()).toEqual(['exportCancel', 'exportLogs', 'invoke', 'onEvent', 'tailStart', 'tailStop']);
  });

  it('sends the log stream calls on their fixed channels with plain data', async () => {
    const bridge = exposed();
    await bridge.tailStart({ q: 'valve' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_TAIL_START, { q: 'valve' });
    await bridge.tailStop(3);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_TAIL_STOP, 3);
    await bridge.exportLogs('e1', { format: 'csv' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_EXPORT, 'e1', { format: 'csv' });
    await bridge.exportCancel('e1');
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_EXPORT_CANCEL, 'e1');
  });

  it('invokes on the one allow-listed channel', async () => {
    const input = { q: 'battery' };
    await expect(exposed().invoke('logs.search', input)).resolves.toEqual({ ok: true, value: 42 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'logs.search', input);
  });

  it('passes only the app event to listeners, never the IpcRendererEvent', () => {
    const listener = vi.fn();
    const unsubscribe = exposed().onEvent(listener);
    const [channel, handler] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (...a: unknown[]) => void];
    expect(channel).toBe(IPC_EVENT);
    const appEvent = { type: 'logs.ingested', count: 3, spacecraft_ids: ['SC-1'] };
    handler({ sender: 'the raw ipcRenderer' }, appEvent);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([appEvent]);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT, handler);
  });
});
