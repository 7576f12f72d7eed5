import type { AppEvent } from '../../shared/api/events';
import { Notification, type BrowserWindow, type NotificationConstructorOptions } from 'electron';
import { IPC_EVENT } from '../../shared/api/bridge';
import type { Alert, Severity } from '../../shared/api/schemas/alerts';
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

/** Brings the window forward and asks the renderer to show the alerts screen. */
export function openAlertsScreen(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  const navigate: NavigateEvent = { type: 'ui.navigate', hash: ALERTS_ROUTE };
  const send = () => win.webContents.send(IPC_EVENT, navigate);
  // A window just created for this click has no listener until its page has loaded.
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

/** Electron drops click handlers of notifications that were garbage-collected; keep the live ones. */
const MAX_LIVE = 50;

export function watchAlertNotifications(events: EventSource, onClick: () => void): () => void {
  if (!Notification.isSupported()) {
    log.warn('desktop notifications are not supported here; alerts show in the console only');
    return () => {};
  }
  const live = new Set<Notification>();
  return events.on((event) => {
    let options: NotificationConstructorOptions;
    if (event.type === 'alert.fired') options = alertNotificationOptions(event.alert);
    else if (event.type === 'station.storage' && event.full) options = storageFullNotificationOptions();
    else return;
    const notification = new Notification(options);
    const forget = () => live.delete(notification);
    notification.on('click', () => {
      forget();
      onClick();
    });
    notification.on('close', forget);
    live.add(notification);
    if (live.size > MAX_LIVE) live.delete(live.values().next().value as Notification);
    notification.show();
  });
}
