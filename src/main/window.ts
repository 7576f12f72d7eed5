import { pathToFileURL } from 'node:url';
import { BrowserWindow, type WebPreferences } from 'electron';
import { log } from './log';

/** Dark like the console itself, so the window never flashes white before the first paint. */
export const WINDOW_BACKGROUND = '#0b1017';

/**
 * The only webPreferences the app uses. Every window goes through here so that no code path can
 * open a renderer with node access: the renderer reaches the core through `window.mc` only.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

/** Where the renderer comes from: the built bundle, or the Vite dev server in development. */
export interface RendererTarget {
  rendererIndex: string;
  devUrl?: string;
}

/** The URL the window shows; navigation and IPC checks compare against it. */
export function appUrlOf(target: RendererTarget): string {
  return target.devUrl ?? pathToFileURL(target.rendererIndex).href;
}

/**
 * ELECTRON_RENDERER_URL (set by `electron-vite dev`) is honoured only in an unpackaged app and
 * only on loopback: otherwise anyone able to set an environment variable could point the window
 * holding the privileged bridge at a remote page.
 */
export function devRendererUrl(isPackaged: boolean, raw: string | undefined): string | undefined {
  if (isPackaged || !raw) return undefined;
  try {
    const url = new URL(raw);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && loopback) return url.href;
  } catch {
    // fall through to the warning
  }
  log.warn(`ignoring ELECTRON_RENDERER_URL=${raw.slice(0, 200)}: not a loopback http(s) URL`);
  return undefined;
}

export interface MainWindowOptions {
  preload: string;
  target: RendererTarget;
  icon?: string;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Observatory',
    backgroundColor: WINDOW_BACKGROUND,
    show: false,
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: secureWebPreferences(opts.preload),
  });
  win.once('ready-to-show', () => win.show());
  const loading = opts.target.devUrl ? win.loadURL(opts.target.devUrl) : win.loadFile(opts.target.rendererIndex);
  loading.catch((err: unknown) => log.error('the console failed to load', err));
  return win;
}
