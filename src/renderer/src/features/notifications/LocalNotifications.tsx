import { useAppEvent } from '../../app/useLive';
import { transportKind } from '../../api';
import { useNotificationsStore } from '../../stores';
import { playAlarm } from './alarm';
import { showBrowserNotification } from './browser-notify';

const openAlerts = () => {
  window.location.hash = '#/alerts';
};

/**
 * The console side of the local channels: in-app banners, browser notifications (web console
 * only; the desktop window gets native ones from the Electron main) and the audible alarm.
 * Mounted once in the shell so they work on every page.
 */
export function LocalNotifications() {
  const banners = useNotificationsStore((s) => s.banners);
  const muted = useNotificationsStore((s) => s.muted);

  useAppEvent(['notification'], (event) => {
    if (event.type !== 'notification') return;
    const m = event.notification;
    const store = useNotificationsStore.getState();
    if (event.channel_kind === 'in_app') store.showBanner(m);
    else if (event.channel_kind === 'browser' && transportKind === 'http') showBrowserNotification(m, openAlerts);
    else if (event.channel_kind === 'sound') {
      document.documentElement.dataset.lastAlarm = `${m.severity}${store.muted ? ' (muted)' : ''}`;
      if (!store.muted) playAlarm(m.severity);
    }
  });

  if (banners.length === 0) return null;
  return (
    <div className="notify-banners" role="region" aria-label="Notifications">
      {banners.map((b) => (
        <div key={b.notification_id} className={`notify-banner notify-banner--${b.purpose === 'resolved' ? 'resolved' : b.severity}`} role="alert" data-testid="notify-banner">
          <div className="notify-banner__text">
            <div className="notify-banner__title">{b.title}</div>
            <div className="notify-banner__body">{b.body}</div>
          </div>
          <div className="notify-banner__actions">
            {b.purpose !== 'test' ? (
              <a className="button button--small" href="#/alerts" onClick={() => useNotificationsStore.getState().dismissBanner(b.notification_id)}>
                Open alerts
              </a>
            ) : null}
            <button type="button" className="button button--small button--link" onClick={() => useNotificationsStore.getState().setMuted(!muted)} title="The audible alarm in this console">
              {muted ? 'Unmute alarm' : 'Mute alarm'}
            </button>
            <button type="button" className="button button--small button--link" aria-label="Dismiss" onClick={() => useNotificationsStore.getState().dismissBanner(b.notification_id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
