import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: { on: vi.fn() },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    },
  },
}));
vi.mock('electron', () => electron);

import {
  buildCsp,
  guardWebContents,
  installSecurity,
  isAllowedNavigation,
  isSafeExternalUrl,
} from '../../../src/main/security';

const APP_URL = 'file:///opt/Observatory/resources/app.asar/out/renderer/index.html';

function directive(csp: string, name: string): string[] {
  const found = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  if (!found) throw new Error(`no ${name} in ${csp}`);
  return found.slice(1);
}

/** A stand-in webContents that records the guards installed on it. */
function fakeContents() {
  const listeners = new Map<string, (event: unknown) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    setWindowOpenHandler: vi.fn((h: typeof openHandler) => (openHandler = h)),
    on: vi.fn((name: string, listener: (event: unknown) => void) => listeners.set(name, listener)),
    open: (url: string) => openHandler?.({ url }),
    emit(name: string, url = '') {
      const event = { url, preventDefault: vi.fn() };
      listeners.get(name)?.(event);
      return event;
    },
  };
}

beforeEach(() => vi.clearAllMocks());

describe('buildCsp', () => {
  it('allows only our own scripts in production', () => {
    const scripts = directive(buildCsp(), 'script-src');
    expect(scripts).toEqual(["'self'"]);
    expect(buildCsp()).not.toMatch(/unsafe-eval/);
  });

  it('forbids plugins, framing and base rewriting', () => {
    const csp = buildCsp();
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'none'"]);
    expect(directive(csp, 'connect-src')).toEqual(["'self'"]);
  });

  it('relaxes only for the dev server it is told about', () => {
    const csp = buildCsp({ devOrigin: 'http://localhost:5173' });
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(directive(csp, 'script-src')).not.toContain("'unsafe-eval'");
  });
});

describe('navigation and external links', () => {
  it('allows the app page itself, with any hash route', () => {
    expect(isAllowedNavigation(APP_URL, APP_URL)).toBe(true);
    expect(isAllowedNavigation(`${APP_URL}#/alerts`, APP_URL)).toBe(true);
  });

  it('blocks foreign pages and other local files', () => {
    expect(isAllowedNavigation('https://evil.example/', APP_URL)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP_URL)).toBe(false);
    expect(isAllowedNavigation('file:///opt/Observatory/resources/app.asar/out/renderer/other.html', APP_URL)).toBe(false);
    expect(isAllowedNavigation('not a url', APP_URL)).toBe(false);
  });

  it('treats the dev server origin as the app in development', () => {
    const dev = 'http://localhost:5173/';
    expect(isAllowedNavigation('http://localhost:5173/#/logs', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false);
  });

  it('hands only plain http(s) links without credentials to the OS', () => {
    expect(isSafeExternalUrl('https://nasa.gov/docs')).toBe(true);
    expect(isSafeExternalUrl('http://10.0.0.5:4318/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://nasa.gov@evil.example/', 'nope']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('guardWebContents', () => {
  it('denies every window.open and opens only safe links externally', () => {
    const contents = fakeContents();
    guardWebContents(contents as never, APP_URL);
    expect(contents.open('https://nasa.gov/')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://nasa.gov/');
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('prevents navigation and redirects away from the app', () => {
    const contents = fakeContents();
    guardWebContents(contents as never, APP_URL);
    expect(contents.emit('will-navigate', 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(contents.emit('will-redirect', 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(contents.emit('will-navigate', `${APP_URL}#/logs`).preventDefault).not.toHaveBeenCalled();
  });

  it('never attaches a <webview>', () => {
    const contents = fakeContents();
    guardWebContents(contents as never, APP_URL);
    expect(contents.emit('will-attach-webview').preventDefault).toHaveBeenCalled();
  });
});

describe('installSecurity', () => {
  it('adds the CSP header to responses, keeping the others', () => {
    installSecurity(APP_URL);
    const handler = electron.session.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as (
      d: { responseHeaders: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    handler({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [buildCsp()] },
    });
  });

  it('grants notifications to the app page and nothing else', () => {
    installSecurity(APP_URL);
    const handler = electron.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (
      wc: { getURL(): string },
      permission: string,
      cb: (granted: boolean) => void,
    ) => void;
    const ask = (url: string, permission: string) => {
      const cb = vi.fn();
      handler({ getURL: () => url }, permission, cb);
      return cb.mock.calls[0]![0];
    };
    expect(ask(APP_URL, 'notifications')).toBe(true);
    expect(ask(APP_URL, 'media')).toBe(false);
    expect(ask(APP_URL, 'geolocation')).toBe(false);
    expect(ask('https://evil.example/', 'notifications')).toBe(false);
  });

  it('guards every web contents the app creates', () => {
    installSecurity(APP_URL);
    const [name, listener] = electron.app.on.mock.calls[0] as unknown as [string, (e: unknown, wc: unknown) => void];
    expect(name).toBe('web-contents-created');
    const contents = fakeContents();
    listener({}, contents);
    expect(contents.open('https://nasa.gov/')).toEqual({ action: 'deny' });
  });
});
