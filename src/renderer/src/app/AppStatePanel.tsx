import { useState } from 'react';
import { bootConsole, useSystemStore } from '../stores';
import { formatHash } from './routing';

/** What the content area shows before the station first answered, or when it cannot be reached. */
export function AppStatePanel() {
  const appState = useSystemStore((s) => s.appState);
  const bootError = useSystemStore((s) => s.bootError);
  const [retrying, setRetrying] = useState(false);

  if (appState === 'loading') {
    return (
      <div className="state-panel" data-testid="app-loading" role="status">
        <div className="state-panel__spinner" aria-hidden="true" />
        <div className="state-panel__title">Connecting to the station…</div>
      </div>
    );
  }
  if (appState !== 'error') return null;

  const retry = async () => {
    setRetrying(true);
    await bootConsole();
    setRetrying(false);
  };
  const unauthorized = /unauthori[sz]ed|token|forbidden/i.test(bootError ?? '');

  return (
    <div className="state-panel state-panel--error" data-testid="app-error" role="alert">
      <div className="state-panel__icon" aria-hidden="true">
        !
      </div>
      <div className="state-panel__title">The station cannot be reached</div>
      <div className="state-panel__message" data-testid="app-error-message">
        {bootError}
      </div>
      <p className="state-panel__hint">
        {unauthorized ? (
          <>
            This station needs an access token. Enter it under <a href={formatHash('settings')}>Settings</a>.
          </>
        ) : (
          <>
            Check that the Observatory station is running and reachable from this machine. The console keeps retrying
            every few seconds.
          </>
        )}
      </p>
      <div className="state-panel__actions">
        <button type="button" className="button button--primary" data-testid="app-retry" onClick={retry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
        <a className="button" href={formatHash('settings')}>
          Settings
        </a>
      </div>
    </div>
  );
}
