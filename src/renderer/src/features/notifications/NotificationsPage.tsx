import { useEffect, useState } from 'react';
import { transportKind } from '../../api';
import { useLiveRefresh, usePolling } from '../../app/useLive';
import { InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useNotificationsStore } from '../../stores';
import { browserPermission, requestBrowserPermission, type BrowserPermission } from './browser-notify';
import { ChannelsPanel } from './ChannelsPanel';
import { DeliveryLog } from './DeliveryLog';
import { RoutingEditor } from './RoutingEditor';
import './notifications.css';

/** Where alerts go: channels (each with "send test"), the routing tree, and the delivery log. */
export function NotificationsPage() {
  const status = useNotificationsStore((s) => s.status);
  const error = useNotificationsStore((s) => s.error);
  const muted = useNotificationsStore((s) => s.muted);
  const [permission, setPermission] = useState<BrowserPermission>(browserPermission());

  useEffect(() => {
    void useNotificationsStore.getState().load();
  }, []);
  useLiveRefresh(['notification', 'alert.fired', 'alert.updated'], () => void useNotificationsStore.getState().loadDeliveries());
  usePolling(() => void useNotificationsStore.getState().loadDeliveries(), 10_000);

  return (
    <section className="page" data-testid="notifications-page">
      <PageHeader
        title="Notifications"
        subtitle="Channels, routing and escalation of alert notifications"
        actions={
          <>
            <button className="button button--small" type="button" data-testid="alarm-mute" onClick={() => useNotificationsStore.getState().setMuted(!muted)}>
              {muted ? 'Alarm muted — unmute' : 'Mute alarm'}
            </button>
            {transportKind === 'http' && permission !== 'granted' && permission !== 'unsupported' ? (
              <button className="button button--small" type="button" onClick={() => void requestBrowserPermission().then(setPermission)}>
                Enable browser notifications
              </button>
            ) : null}
          </>
        }
      />
      <InlineError message={error} />
      {status === 'loading' ? <Loading /> : null}
      {status === 'ready' ? (
        <>
          <ChannelsPanel />
          <RoutingEditor />
          <DeliveryLog />
        </>
      ) : null}
    </section>
  );
}
