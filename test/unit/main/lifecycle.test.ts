import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as WindowModule from '../../../src/main/window';

const m = vi.hoisted(() => {
  const paths = new Map<string, string>([['appData', '/home/op/.config']]);
  const win = { isDestroyed: () => false, isMinimized: () => true, restore: vi.fn(), show: vi.fn(), focus: vi.fn() };
  const app = {
    isPackaged: false,
    on: vi.fn(),
    setName: vi.fn(),
    setAppUserModelId: vi.fn(),
    setPath: vi.fn((name: string, value: string) => paths.set(name, value)),
    getPath: vi.fn((name: string) => paths.get(name) ?? `/unknown/${name}`),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    isReady: () => true,
    quit: vi.fn(),
  };
  const host = { url: 'http://127.0.0.1:4318', port: 4318, ready: new Promise(() => {}), close: vi.fn() };
  return { app, win, host, paths };
});

vi.mock('electron', () => ({ app: m.app, BrowserWindow: { getAllWindows: () => [] }, dialog: { showErrorBox: vi.fn() } }));
vi.mock('../../../src/main/core-host', () => ({ startCoreHost: vi.fn(async () => m.host) }));
vi.mock('../../../src/main/security', () => ({ installSecurity: vi.fn() }));
vi.mock('../../../src/main/ipc', () => ({ registerIpc: vi.fn(), forwardEvents: vi.fn() }));
vi.mock('../../../src/main/native/sqlite-binding', () => ({ currentBindingEnv: vi.fn(), resolveNativeBinding: vi.fn() }));
vi.mock('../../../src/main/window', async (importOriginal) => ({
  ...(await importOriginal<typeof WindowModule>()),
  createMainWindow: vi.fn(() => m.win),
}));

import { startCoreHost } from '../../../src/main/core-host';
import { registerIpc } from '../../../src/main/ipc';
import { createMainWindow } from '../../../src/main/window';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
function listener(name: string): (...args: unknown[]) => void {
  const call = m.app.on.mock.calls.find(([n]) => n === name);
  if (!call) throw new Error(`no ${name} listener`);
  return call[1] as (...args: unknown[]) => void;
}

async function launch() {
  vi.resetModules();
  await import('../../../src/main/index');
  await settle();
}

beforeEach(() => {
  vi.clearAllMocks();
  vi.unstubAllEnvs();
  m.app.requestSingleInstanceLock.mockReturnValue(true);
});

describe('single instance', () => {
  it('quits at once, starting nothing, when another instance holds the lock', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    m.app.requestSingleInstanceLock.mockReturnValue(false);
    await launch();
    expect(m.app.quit).toHaveBeenCalledTimes(1);
    expect(m.app.whenReady).not.toHaveBeenCalled();
    expect(startCoreHost).not.toHaveBeenCalled();
    expect(m.app.on.mock.calls.map(([n]) => n)).not.toContain('second-instance');
  });

  it('takes the lock in the data dir it will use, then focuses its window for a second instance', async () => {
    vi.stubEnv('OBSERVATORY_DATA_DIR', '/tmp/isolated');
    await launch();
    expect(m.app.setName).toHaveBeenCalledWith('Observatory');
    const setPathOrder = m.app.setPath.mock.invocationCallOrder[0]!;
    expect(m.app.setPath).toHaveBeenCalledWith('userData', '/tmp/isolated');
    expect(setPathOrder).toBeLessThan(m.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
    expect(m.app.quit).not.toHaveBeenCalled();

    expect(createMainWindow).toHaveBeenCalledTimes(1);
    listener('second-instance')({}, ['observatory'], '/');
    expect(m.win.restore).toHaveBeenCalled();
    expect(m.win.focus).toHaveBeenCalled();
    expect(createMainWindow).toHaveBeenCalledTimes(1);
  });
});

describe('startup', () => {
  it('hosts the station on loopback in the user data dir and registers IPC before showing the window', async () => {
    vi.stubEnv('OBSERVATORY_DATA_DIR', '');
    vi.stubEnv('OBSERVATORY_PORT', '5999');
    await launch();
    expect(m.app.setPath).toHaveBeenCalledWith('userData', '/home/op/.config/Observatory');
    expect(startCoreHost).toHaveBeenCalledWith(
      expect.objectContaining({ host: '127.0.0.1', port: 5999, dataDir: '/home/op/.config/Observatory' }),
    );
    expect(vi.mocked(registerIpc).mock.invocationCallOrder[0]!).toBeLessThan(
      vi.mocked(createMainWindow).mock.invocationCallOrder[0]!,
    );
    expect(m.app.on.mock.calls.map(([n]) => n)).toContain('before-quit');
  });
});
