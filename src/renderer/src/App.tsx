import { useEffect, type ReactNode } from 'react';
import { AlertBanner } from './app/AlertBanner';
import { StorageBanner } from './app/StorageBanner';
import { AppStatePanel } from './app/AppStatePanel';
import { Nav } from './app/Nav';
import type { Route } from './app/routing';
import { useHashRoute } from './app/useHashRoute';
import { useAppEvent, useLiveRefresh, usePolling } from './app/useLive';
import { AlertsPage } from './features/alerts/AlertsPage';
import { DashboardsPage } from './features/dashboards/DashboardsPage';
import { EndpointsPage } from './features/endpoints/EndpointsPage';
import { LogsPage } from './features/logs/LogsPage';
import { MetricsPage } from './features/metrics/MetricsPage';
import { LocalNotifications } from './features/notifications/LocalNotifications';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { ParsingPage } from './features/parsing/ParsingPage';
import { OverviewPage } from './features/overview/OverviewPage';
import { RulesPage } from './features/rules/RulesPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { SpacecraftPage } from './features/spacecraft/SpacecraftPage';
import { bootConsole, useAlertsStore, useSystemStore } from './stores';

const BOOT_RETRY_MS = 5_000;
const ALERTS_POLL_MS = 15_000;

function renderPage(route: Route): ReactNode {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'logs':
      return <LogsPage params={route.params} />;
    case 'parsing':
      return <ParsingPage />;
    case 'metrics':
      return <MetricsPage />;
    case 'dashboards':
      return <DashboardsPage params={route.params} />;
    case 'alerts':
      return <AlertsPage params={route.params} />;
    case 'rules':
      return <RulesPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'spacecraft':
      return <SpacecraftPage params={route.params} />;
    case 'endpoints':
      return <EndpointsPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

/** Alerts feed the banner on every page, so their live wiring lives in the shell. */
function useAlertsLive(enabled: boolean): void {
  useAppEvent(['alert.fired', 'alert.updated'], (event) => {
    if (event.type === 'alert.fired' || event.type === 'alert.updated') useAlertsStore.getState().upsert(event.alert);
  });
  // The event carries the alert, but a refetch also picks up anything a dropped event missed.
  useLiveRefresh(['alert.fired', 'alert.updated'], () => void useAlertsStore.getState().load());
  usePolling(() => void useAlertsStore.getState().load(), ALERTS_POLL_MS, enabled);
}

export function App() {
  const route = useHashRoute();
  const appState = useSystemStore((s) => s.appState);
  const stationName = useSystemStore((s) => s.info?.name);
  const version = useSystemStore((s) => s.info?.version);

  useEffect(() => {
    void bootConsole();
  }, []);

  useEffect(() => {
    if (appState !== 'error') return;
    const timer = setTimeout(() => void bootConsole(), BOOT_RETRY_MS);
    return () => clearTimeout(timer);
  }, [appState]);

  useAlertsLive(appState === 'ready');
  useAppEvent(['station.storage'], (event) => {
    if (event.type === 'station.storage') useSystemStore.getState().setStorage({ full: event.full, since: event.since, message: event.message });
  });
  // The desktop shell's notification click: only in-app routes, never another document.
  useAppEvent(['ui.navigate'], (event) => {
    if (event.type === 'ui.navigate' && /^#\/[a-z]+/.test(event.hash)) window.location.hash = event.hash;
  });

  // Settings stays usable when the station refuses us: that is where the token is entered.
  const showPage = appState === 'ready' || (appState === 'error' && route.page === 'settings');

  return (
    <div className="app" data-app-state={appState}>
      <Nav current={route.page} />
      <div className="app__main">
        <header className="topbar">
          <div className="topbar__station">
            <span className={`topbar__link topbar__link--${appState}`} aria-hidden="true" />
            <span>{stationName ?? 'Observatory'}</span>
            {version ? <span className="topbar__version">v{version}</span> : null}
          </div>
          <AlertBanner />
        </header>
        <StorageBanner />
        <LocalNotifications />
        <main className="app__content">
          <AppStatePanel />
          {showPage ? renderPage(route) : null}
        </main>
      </div>
    </div>
  );
}
