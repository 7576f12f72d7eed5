/**
 * Browser notifications for the web console (the desktop window has native ones instead).
 * Browsers render title and body as plain text, so no escaping beyond the core's capping.
 */
import type { NotificationMessage } from '../../../../shared/api/schemas/notify';

export type BrowserPermission = NotificationPermission | 'unsupported';

export function browserPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Must run from a click: browsers ignore permission requests without a user gesture. */
export async function requestBrowserPermission(): Promise<BrowserPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function showBrowserNotification(m: NotificationMessage, openAlerts: () => void): boolean {
  if (browserPermission() !== 'granted') return false;
  const n = new Notification(m.title, {
    body: m.body,
    tag: `observatory-${m.notification_id}`,
    requireInteraction: m.severity === 'critical' && m.purpose !== 'resolved',
  });
  n.onclick = () => {
    window.focus();
    openAlerts();
    n.close();
  };
  return true;
}
