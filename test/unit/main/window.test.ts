import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const windows: Array<Record<string, unknown>> = [];
  class BrowserWindow {
    readonly options: Record<string, unknown>;
    readonly once = vi.fn((name: string, listener: () => void) => this.listeners.set(name, listener));
    readonly show = vi.fn();
    readonly loadFile = vi.fn(() => Promise.resolve());
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly listeners = new Map<string, () => void>();
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this as unknown as Record<string, unknown>);
    }
  }
  return { BrowserWindow, windows };
});
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }));

import {
  appUrlOf,
  createMainWindow,
  devRendererUrl,
  secureWebPreferences,
  WINDOW_BACKGROUND,
} from '../../../src/main/window';

beforeEach(() => {
  electron.windows.length = 0;
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer with no node access', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
  });
});

describe('createMainWindow', () => {
  const preload = '/app/out/preload/index.cjs';

  it('loads the built renderer from disk with the secure preferences, hidden until painted', () => {
    const win = createMainWindow({ preload, target: { rendererIndex: '/app/out/renderer/index.html' } }) as unknown as InstanceType<
      typeof electron.BrowserWindow
    >;
    expect(win.options.webPreferences).toEqual(secureWebPreferences(preload));
    expect(win.options.show).toBe(false);
    expect(win.options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(win.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    expect(win.loadURL).not.toHaveBeenCalled();
    expect(win.show).not.toHaveBeenCalled();
    win.listeners.get('ready-to-show')?.();
    expect(win.show).toHaveBeenCalled();
  });

  it('loads the dev server when one is given', () => {
    const target = { rendererIndex: '/app/out/renderer/index.html', devUrl: 'http://localhost:5173/' };
    const win = createMainWindow({ preload, target }) as unknown as InstanceType<typeof electron.BrowserWindow>;
    expect(win.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(win.loadFile).not.toHaveBeenCalled();
  });
});

describe('renderer target', () => {
  it('names the bundle by its file URL', () => {
    expect(appUrlOf({ rendererIndex: '/app/out/renderer/index.html' })).toBe('file:///app/out/renderer/index.html');
    expect(appUrlOf({ rendererIndex: '/x', devUrl: 'http://localhost:5173/' })).toBe('http://localhost:5173/');
  });

  it('honours ELECTRON_RENDERER_URL only unpackaged and only on loopback', () => {
    expect(devRendererUrl(false, 'http://localhost:5173')).toBe('http://localhost:5173/');
    expect(devRendererUrl(true, 'http://localhost:5173')).toBeUndefined();
    expect(devRendererUrl(false, 'https://evil.example/')).toBeUndefined();
    expect(devRendererUrl(false, 'file:///etc/passwd')).toBeUndefined();
    expect(devRendererUrl(false, undefined)).toBeUndefined();
  });
});
