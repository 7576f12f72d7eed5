import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT } from '../../../src/shared/api/bridge';
import type { AppEvent } from '../../../src/shared/api/events';
import type { Alert } from '../../../src/shared/api/schemas/alerts';
import type { NotificationMessage } from '../../../src/shared/api/schemas/notify';

const electron = vi.hoisted(() => {
  const shown: Array<{ options: Record<string, unknown>; emit(name: string, ...args: unknown[]): void }> = [];
  class Notification {
    static isSupported = vi.fn(() => true);
    readonly listeners = new Map<string, (...args: unknown[]) => void>();
    constructor(readonly options: Record<string, unknown>) {}
    on(name: string, listener: (...args: unknown[]) => void) {
      this.listeners.set(name, listener);
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      this.listeners.get(name)?.(...args);
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
  labels: {},
  fingerprint: '3:{}',
  started_at: 0,
  shelved_until: null,
  shelved_by: null,
  condition_active: true,
  silenced_by: null,
  annotations: {},
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
  const routed = (over: Partial<NotificationMessage> = {}): AppEvent => ({
    type: 'notification',
    channel_kind: 'desktop',
    channel_name: 'Desktop',
    notification: {
      notification_id: 12,
      purpose: 'firing',
      severity: 'critical',
      title: 'CRITICAL: Battery <b>voltage</b> low',
      body: 'SC-1 battery at 21.5 V < threshold 24',
      alerts: [{ id: 7, rule_name: 'Battery voltage low', severity: 'critical', status: 'firing', message: 'm', value: 21.5, threshold: 24, labels: {} }],
      count: 1,
      at: 0,
      ...over,
    },
  });

  it('shows routed desktop notifications (escaped on Linux), not raw alert events, and runs onClick when clicked', () => {
    let emit: (e: AppEvent) => void = () => {};
    const onClick = vi.fn();
    watchAlertNotifications({ on: (l) => ((emit = l), () => {}) }, onClick, undefined, 'linux');
    emit({ type: 'alert.fired', alert: alert() });
    emit({ ...routed(), channel_kind: 'in_app' } as AppEvent);
    expect(electron.shown).toHaveLength(0);
    emit(routed());
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.options).toMatchObject({ title: 'CRITICAL: Battery &lt;b&gt;voltage&lt;/b&gt; low', body: 'SC-1 battery at 21.5 V &lt; threshold 24', urgency: 'critical' });
    expect(electron.shown[0]!.options.actions).toBeUndefined();
    electron.shown[0]!.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    // The click says which alerts the notification was about, so the window can open that one.
    expect(onClick).toHaveBeenCalledWith([7]);
  });

  it('offers Acknowledge and Shelve buttons where the OS has them, acting on the notified alerts', async () => {
    let emit: (e: AppEvent) => void = () => {};
    const actions = { acknowledge: vi.fn(async () => {}), shelve: vi.fn(async () => {}) };
    watchAlertNotifications({ on: (l) => ((emit = l), () => {}) }, vi.fn(), actions, 'darwin');
    emit(routed());
    expect(electron.shown[0]!.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }, { type: 'button', text: 'Shelve 1 h' }]);
    electron.shown[0]!.emit('action', {}, 0);
    expect(actions.acknowledge).toHaveBeenCalledWith([7]);
    emit(routed({ notification_id: 13 }));
    electron.shown[1]!.emit('action', {}, 1);
    expect(actions.shelve).toHaveBeenCalledWith([7]);
    // A resolved notice has nothing to act on.
    emit(routed({ purpose: 'resolved' }));
    expect(electron.shown[2]!.options.actions).toBeUndefined();
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

  it('opens the one alert a notification was about', () => {
    const win = fakeWindow(false);
    openAlertsScreen(win as never, [42]);
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_EVENT, { type: 'ui.navigate', hash: `${ALERTS_ROUTE}?id=42` });
    openAlertsScreen(win as never, [1, 2]);
    expect(win.webContents.send).toHaveBeenLastCalledWith(IPC_EVENT, { type: 'ui.navigate', hash: ALERTS_ROUTE });
  });

  it('waits for a freshly opened window to load before asking', () => {
    const win = fakeWindow(true);
    openAlertsScreen(win as never);
    expect(win.webContents.send).not.toHaveBeenCalled();
    win.listeners.get('did-finish-load')?.();
    expect(win.webContents.send).toHaveBeenCalledWith(IPC_EVENT, { type: 'ui.navigate', hash: ALERTS_ROUTE });
  });
});
