import { useState, type ReactNode } from 'react';
import type { ErrorCode } from '../../../shared/api/errors';
import { bootConsole, useSystemStore } from '../stores';
import { formatHash } from './routing';

const settingsLink = <a href={formatHash('settings')}>Settings</a>;

/** Say what most likely went wrong, in the words of the one who has to fix it. */
function describeFailure(code: ErrorCode | null): { title: string; hint: ReactNode } {
  switch (code) {
    case 'unauthorized':
    case 'forbidden':
      return {
        title: 'The station refused this console',
        hint: <>It needs an access token, or this address is not one it answers to. Enter the token under {settingsLink}.</>,
      };
    case 'not_found':
      return {
        title: 'No Observatory station answers here',
        hint: 'This page was served by something other than an Observatory station, or by an older one. Open the address the station printed when it started.',
      };
    case 'unavailable':
    case 'timeout':
      return {
        title: 'The station cannot be reached',
        hint: 'Check that the Observatory station is running and reachable from this machine. The console keeps retrying every few seconds.',
      };
    default:
      return {
        title: 'The station answered with an error',
        hint: 'The console keeps retrying every few seconds; the station’s log has the details.',
      };
  }
}

/** What the content area shows before the station first answered, or when it cannot be reached. */
export function AppStatePanel() {
  const appState = useSystemStore((s) => s.appState);
  const bootError = useSystemStore((s) => s.bootError);
  const bootErrorCode = useSystemStore((s) => s.bootErrorCode);
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
  const { title, hint } = describeFailure(bootErrorCode);
  return (
    <div className="state-panel state-panel--error" data-testid="app-error" role="alert">
      <div className="state-panel__icon" aria-hidden="true">
        !
      </div>
      <div className="state-panel__title">{title}</div>
      <div className="state-panel__message" data-testid="app-error-message">
        {bootError}
      </div>
      <p className="state-panel__hint">{hint}</p>
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
