import { app, session, shell, type WebContents } from 'electron';
import { log } from './log';

/**
 * The window's security boundary, kept in one module so it can be reviewed and tested alone:
 * CSP, navigation and window-open guards, no <webview>, and a permission allow-list. The
 * renderer only ever shows our own bundle; everything else leaves through the OS browser.
 */

export interface CspOptions {
  /** Origin of the Vite dev server (development only): HMR needs its websocket and inline preamble. */
  devOrigin?: string;
}

export function buildCsp(opts: CspOptions = {}): string {
  const dev = opts.devOrigin;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // Production scripts are our bundle only. In dev, @vitejs/plugin-react injects an inline
    // refresh preamble; that relaxation never applies to a packaged build (no devOrigin there).
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    // ECharts tooltips write style attributes through innerHTML, which needs 'unsafe-inline' for styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    // The desktop renderer talks IPC only; nothing on the network is reachable from it.
    'connect-src': dev ? ["'self'", dev, dev.replace(/^http/, 'ws')] : ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` is a page of the app itself: the same file as the bundled index.html (any hash
 * or query, for the hash router), or any path on the dev server's origin in development.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  }
  return target.origin === app.origin;
}

/** Navigation inside the window is allowed only to the app's own page. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/** Links worth handing to the OS browser: plain http(s), no credentials that could disguise the host. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !u.username && !u.password;
}

/** Guards every webContents the app ever creates (windows, devtools, anything a bug opens). */
export function guardWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      shell.openExternal(url).catch((err: unknown) => log.warn(`could not open ${url} externally: ${String(err)}`));
    } else {
      log.warn(`blocked window.open of ${url.slice(0, 200)}`);
    }
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appUrl)) {
      event.preventDefault();
      log.warn(`blocked navigation to ${event.url.slice(0, 200)}`);
    }
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appUrl)) {
      event.preventDefault();
      log.warn(`blocked redirect to ${event.url.slice(0, 200)}`);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

const ALLOWED_PERMISSIONS = new Set<string>(['notifications']);

export function isAllowedPermission(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/** Installs all of the above; call once, after `app` is ready (sessions exist only then). */
export function installSecurity(appUrl: string, opts: CspOptions = {}): void {
  const csp = buildCsp(opts);
  // Header delivery covers the dev server; file:// pages may not get response headers, so the
  // renderer's index.html should carry the same policy in a <meta> tag as well.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isAllowedPermission(permission) && isAppUrl(contents.getURL(), appUrl));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission));
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appUrl));
}
