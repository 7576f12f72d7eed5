import { useAlertsStore, useLogsStore } from '../stores';
import { selectUnacknowledgedCount } from '../stores/alerts';
import { logsLinkParams } from '../features/logs/logs-time';
import { formatHash, PAGES, type PageId } from './routing';

/** Left navigation. The Logs link carries the current search (not its window: the time picker is shared) so coming back restores it. */
export function Nav({ current }: { current: PageId }) {
  const logsQuery = useLogsStore((s) => s.query);
  const unacknowledged = useAlertsStore(selectUnacknowledgedCount);

  return (
    <nav className="nav" aria-label="Main">
      <div className="nav__brand">
        <span className="nav__logo" aria-hidden="true" />
        <span className="nav__name">Observatory</span>
      </div>
      <ul className="nav__list">
        {PAGES.map((page) => (
          <li key={page.id}>
            <a
              className={page.id === current ? 'nav__link nav__link--active' : 'nav__link'}
              href={page.id === 'logs' ? formatHash('logs', logsLinkParams(logsQuery)) : formatHash(page.id)}
              aria-current={page.id === current ? 'page' : undefined}
              data-testid={`nav-${page.id}`}
            >
              <span>{page.label}</span>
              {page.id === 'alerts' && unacknowledged > 0 ? (
                <span className="nav__badge" aria-label={`${unacknowledged} unacknowledged`}>
                  {unacknowledged}
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
