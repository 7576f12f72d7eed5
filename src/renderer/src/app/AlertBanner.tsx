import { useEffect, useMemo } from 'react';
import { useAlertsStore, useSystemStore } from '../stores';
import { needsAck, selectUnacknowledgedCount, sortAlerts } from '../stores/alerts';
import { cssToken } from '../lib/enums';
import { formatHash } from './routing';

/**
 * The always-visible count of fired, unacknowledged alerts. It links to the Alerts page and
 * mirrors the count into the window title so it shows on a taskbar too.
 */
export function AlertBanner() {
  const items = useAlertsStore((s) => s.items);
  const loaded = useAlertsStore((s) => s.loadedAt !== null);
  const appState = useSystemStore((s) => s.appState);
  const count = selectUnacknowledgedCount({ items });
  const worst = useMemo(() => sortAlerts(items.filter(needsAck))[0], [items]);

  useEffect(() => {
    document.title = count > 0 ? `(${count}) Observatory` : 'Observatory';
  }, [count]);

  const known = loaded || appState === 'ready';
  const label = !known
    ? 'Alerts: —'
    : count === 0
      ? 'No unacknowledged alerts'
      : `${count} unacknowledged ${count === 1 ? 'alert' : 'alerts'}`;

  return (
    <a
      href={formatHash('alerts')}
      className={`alert-banner ${
        !known ? 'alert-banner--unknown' : count > 0 ? `alert-banner--firing tone-${cssToken(worst?.severity)}` : 'alert-banner--calm'
      }`}
      data-testid="alert-banner"
      data-count={known ? count : undefined}
      aria-live="polite"
    >
      <span className="alert-banner__lamp" aria-hidden="true" />
      <span className="alert-banner__count">{label}</span>
      {count > 0 && worst ? <span className="alert-banner__latest">{worst.rule_name}</span> : null}
    </a>
  );
}
