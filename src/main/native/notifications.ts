import type { AppEvent } from '../../shared/api/events';
import { Notification, type BrowserWindow, type NotificationConstructorOptions } from 'electron';
import { IPC_EVENT } from '../../shared/api/bridge';
import type { Alert, Severity } from '../../shared/api/schemas/alerts';
import type { NotificationMessage } from '../../shared/api/schemas/notify';
import type { EventSource } from '../ipc';
import { log } from '../log';

export const TITLE_MAX = 100;
export const BODY_MAX = 300;

/**
 * Sent on IPC_EVENT when the operator clicks an alert notification; the renderer sets
 * `location.hash` to `hash`. Main never runs script in the page, and a hash change is a
 * same-document navigation, so the guards in security.ts stay untouched.
 */
export type NavigateEvent = Extract<AppEvent, { type: 'ui.navigate' }>;
export const ALERTS_ROUTE = '#/alerts';

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Linux notification servers render a subset of HTML: alert text (from logs!) must not be markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP[c] as string);
}

// C0 controls except tab and newline, DEL and C1 controls: invisible or disruptive in a popup.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Cleans, escapes (when `markup`) and caps `raw` so that the result, entities included, is at
 * most `max` characters. It cuts between whole characters, never inside an entity or a
 * surrogate pair, and marks a cut with an ellipsis.
 */
export function fitText(raw: string, max: number, markup: boolean, singleLine = false): string {
  let clean = raw.replace(CONTROL, ' ');
  if (singleLine) clean = clean.replace(/\s+/g, ' ').trim();
  const encode = (s: string) => (markup ? escapeMarkup(s) : s);
  const full = encode(clean);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of clean) {
    const piece = encode(ch);
    if (out.length + piece.length + 1 > max) break;
    out += piece;
  }
  return `${out}…`;
}

const URGENCY: Record<Severity, NonNullable<NotificationConstructorOptions['urgency']>> = {
  critical: 'critical',
  warning: 'normal',
  info: 'low',
};

/** Only Linux interprets markup; macOS and Windows would show the entities literally. */
export function alertNotificationOptions(alert: Alert, platform: string = process.platform): NotificationConstructorOptions {
  const markup = platform === 'linux';
  const severity = String(alert.severity) as Severity;
  const body = alert.message.trim() || `value ${String(alert.value)} crossed threshold ${alert.threshold}`;
  return {
    title: fitText(`${severity.toUpperCase()}: ${alert.rule_name}`, TITLE_MAX, markup, true),
    body: fitText(body, BODY_MAX, markup),
    urgency: URGENCY[severity] ?? 'normal',
    // A critical alert stays on screen until the operator deals with it.
    timeoutType: severity === 'critical' ? 'never' : 'default',
  };
}

/** The station's disk is full: stations are refused; someone must free space. */
export function storageFullNotificationOptions(): NotificationConstructorOptions {
  return {
    title: 'CRITICAL: station storage full',
    body: 'Incoming logs and telemetry are refused (503) until disk space is freed; senders keep retrying.',
    urgency: 'critical',
    timeoutType: 'never',
  };
}

/** Brings the window forward and asks the renderer to show the alerts screen, opened on one alert when a notification was about one. */
export function openAlertsScreen(win: BrowserWindow, alertIds: readonly number[] = []): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  const hash = alertIds.length === 1 ? `${ALERTS_ROUTE}?id=${alertIds[0]}` : ALERTS_ROUTE;
  const navigate: NavigateEvent = { type: 'ui.navigate', hash };
  const send = () => win.webContents.send(IPC_EVENT, navigate);
  // A window just created for this click has no listener until its page has loaded.
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

/** Electron drops click handlers of notifications that were garbage-collected; keep the live ones. */
const MAX_LIVE = 50;

/** A routed desktop notification (the core's desktop channel), escaped and capped the same way. */
export function routedNotificationOptions(m: NotificationMessage, platform: string = process.platform): NotificationConstructorOptions {
  const markup = platform === 'linux';
  const urgent = m.severity === 'critical' && m.purpose !== 'resolved' && m.purpose !== 'test';
  return {
    title: fitText(m.title, TITLE_MAX, markup, true),
    body: fitText(m.body || m.title, BODY_MAX, markup),
    urgency: m.purpose === 'resolved' || m.purpose === 'test' ? 'low' : URGENCY[m.severity] ?? 'normal',
    timeoutType: urgent ? 'never' : 'default',
  };
}

/** Acting on alerts from a notification; main keeps no alert state, the core does it. */
export interface NotificationActions {
  acknowledge(alertIds: number[]): Promise<void>;
  shelve(alertIds: number[]): Promise<void>;
}

/** Only macOS shows Electron's notification buttons; elsewhere a click opens the alerts screen. */
export const ACTION_PLATFORMS = new Set(['darwin']);
export const ACTION_LABELS = ['Acknowledge', 'Shelve 1 h'] as const;

export function watchAlertNotifications(events: EventSource, onClick: (alertIds: number[]) => void, actions?: NotificationActions, platform: string = process.platform): () => void {
  if (!Notification.isSupported()) {
    log.warn('desktop notifications are not supported here; alerts show in the console only');
    return () => {};
  }
  const live = new Set<Notification>();
  return events.on((event) => {
    let options: NotificationConstructorOptions;
    let alertIds: number[] = [];
    // Alert popups come from the routing tree's desktop channel, so routes, grouping, silences
    // and flood control apply to them like to every other channel.
    if (event.type === 'notification' && event.channel_kind === 'desktop') {
      options = routedNotificationOptions(event.notification, platform);
      if (event.notification.purpose !== 'resolved' && event.notification.purpose !== 'test') alertIds = event.notification.alerts.map((a) => a.id);
    } else if (event.type === 'station.storage' && event.full) options = storageFullNotificationOptions();
    else return;
    const withActions = actions !== undefined && alertIds.length > 0 && ACTION_PLATFORMS.has(platform);
    if (withActions) options = { ...options, actions: ACTION_LABELS.map((text) => ({ type: 'button' as const, text })) };
    const notification = new Notification(options);
    const forget = () => live.delete(notification);
    notification.on('click', () => {
      forget();
      onClick(alertIds);
    });
    if (withActions) {
      notification.on('action', (_e, index) => {
        forget();
        const act = index === 0 ? actions.acknowledge : actions.shelve;
        act(alertIds).catch((err: unknown) => log.warn(`notification action failed: ${String(err)}`));
      });
    }
    notification.on('close', forget);
    live.add(notification);
    if (live.size > MAX_LIVE) live.delete(live.values().next().value as Notification);
    notification.show();
  });
}
