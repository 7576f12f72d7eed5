import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT } from '../../../src/shared/api/bridge';
import type { AppEvent } from '../../../src/shared/api/events';
import type { Alert } from '../../../src/shared/api/schemas/alerts';

const electron = vi.hoisted(() => {
  const shown: Array<{ options: Record<string, unknown>; emit(name: string): void }> = [];
  class Notification {
    static isSupported = vi.fn(() => true);
    readonly listeners = new Map<string, () => void>();
    constructor(readonly options: Record<string, unknown>) {}
    on(name: string, listener: () => void) {
      this.listeners.set(name, listener);
      return this;
    }
    emit(name: string) {
      this.listeners.get(name)?.();
    }
    show() {
      shown.push(this);
    }
  }
  return { Notification, shown };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

import {
  ALERTS_ROUTE,
  alertNotificationOptions,
  BODY_MAX,
  escapeMarkup,
  fitText,
  openAlertsScreen,
  TITLE_MAX,
  watchAlertNotifications,
} from '../../../src/main/native/notifications';

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 7,
  rule_id: 3,
  rule_name: 'Battery voltage low',
  severity: 'critical',
  status: 'firing',
  triggered_at: 0,
  acknowledged_at: null,
  acknowledged_by: null,
  ack_comment: null,
  resolved_at: null,
  value: 21.5,
  threshold: 24,
  message: 'SC-1 battery at 21.5 V',
  details: null,
  ...over,
});

beforeEach(() => {
  electron.shown.length = 0;
});

describe('notification text', () => {
  it('escapes the characters notification servers read as markup', () => {
    expect(escapeMarkup(`<b>"Tom" & 'Jerry'</b>`)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
  });

  it('caps the escaped text without cutting an entity', () => {
    const out = fitText('&'.repeat(50), 23, true);
    expect(out.length).toBeLessThanOrEqual(23);
    expect(out).toBe(`${'&amp;'.repeat(4)}…`);
  });

  it('never splits a surrogate pair', () => {
    const out = fitText('🚀'.repeat(10), 6, false);
    expect(out).toBe('🚀🚀…');
  });

  it('drops control characters and keeps titles on one line', () => {
    expect(fitText('a\u0007b\n\nc', 100, false, true)).toBe('a b c');
    expect(fitText('line1\nline2', 100, false)).toBe('line1\nline2');
  });

  it('builds escaped, capped alert notifications on Linux', () => {
    const opts = alertNotificationOptions(alert({ rule_name: '<i>'.repeat(100), message: 'x&y'.repeat(200) }), 'linux');
    expect(opts.title!.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(opts.body!.length).toBeLessThanOrEqual(BODY_MAX);
    expect(opts.title).toMatch(/^CRITICAL: &lt;i&gt;/);
    expect(opts.title).not.toMatch(/<|>/);
    expect(opts.body).not.toMatch(/&(?!amp;)/);
    expect(opts.urgency).toBe('critical');
  });

  it('leaves text literal where the OS does not read markup', () => {
    const opts = alertNotificationOptions(alert({ message: 'a < b & c' }), 'darwin');
    expect(opts.body).toBe('a < b & c');
  });

  it('maps severity to urgency', () => {
    expect(alertNotificationOptions(alert({ severity: 'warning' }), 'linux').urgency).toBe('normal');
    expect(alertNotificationOptions(alert({ severity: 'info' }), 'linux').urgency).toBe('low');
  });
});

describe('watchAlertNotifications', () => {
  it('shows one notification per fired alert and runs onClick when clicked', () => {
    let emit: (e: AppEvent) => void = () => {};
    const onClick = vi.fn();
    watchAlertNotifications({ on: (l) => ((emit = l), () => {}) }, onClick);
    emit({ type: 'alert.updated', alert: alert({ status: 'acknowledged' }) });
    expect(electron.shown).toHaveLength(0);
    emit({ type: 'alert.fired', alert: alert() });
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.options.title).toBe('CRITICAL: Battery voltage low');
    electron.shown[0]!.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('tells the operator when the station storage fills up, not when it recovers', () => {
    let emit: (e: AppEvent) => void = () => {};
    watchAlertNotifications({ on: (l) => ((emit = l), () => {}) }, vi.fn());
    emit({ type: 'station.storage', full: false, since: null, message: 'ok' });
    expect(electron.shown).toHaveLength(0);
    emit({ type: 'station.storage', full: true, since: 1, message: 'full' });
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.options).toMatchObject({ title: 'CRITICAL: station storage full', urgency: 'critical' });
  });
});

describe('openAlertsScreen', () => {
  function fakeWindow(loading: boolean) {
    const listeners = new Map<string, () => void>();
    return {
      isMinimized: () => true,
      restore: vi.fn(),
      show: vi.fn(),
      focus: vi.fn(),
      webContents: { isLoading: () => loading, send: vi.fn(), once: vi.fn((n: string, l: () => void) => listeners.set(n, l)) },
      listeners,
    };
  }

  it('focuses the window and asks the renderer to show #/alerts', () => {
    const win = fakeWindow(false);
    openAlertsScreen(win as never);
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_EVENT, { type: 'ui.navigate', hash: ALERTS_ROUTE });
  });

  it('waits for a freshly opened window to load before asking', () => {
    const win = fakeWindow(true);
    openAlertsScreen(win as never);
    expect(win.webContents.send).not.toHaveBeenCalled();
    win.listeners.get('did-finish-load')?.();
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_EVENT, { type: 'ui.navigate', hash: ALERTS_ROUTE });
  });
});
