import type { Endpoint, Spacecraft, Trends } from '../../../../shared/api/schemas/fleet';
import { EmptyState } from '../../components/Feedback';
import { StatusPill } from '../../components/StatusPill';
import { formatHash } from '../../app/routing';
import { cssToken, rankOf } from '../../lib/enums';
import { formatCount, formatMs, formatRelative, formatTimestamp } from '../../lib/format';

/** Worst first: the eye should land on trouble. */
const STATUS_ORDER = ['critical', 'lost-contact', 'degraded', 'unknown', 'nominal'] as const;

/** One tile per spacecraft in its status colour: score, last contact, open alerts; opens its page. */
export function FleetTiles({ fleet, now }: { fleet: readonly Spacecraft[]; now: number }) {
  if (fleet.length === 0) {
    return (
      <EmptyState title="No spacecraft yet" testId="fleet-empty">
        A spacecraft appears once a log line or a metric names it.
      </EmptyState>
    );
  }
  const sorted = [...fleet].sort((a, b) => rankOf(STATUS_ORDER, a.status) - rankOf(STATUS_ORDER, b.status) || a.name.localeCompare(b.name));
  return (
    <div className="fleet" data-testid="fleet">
      {sorted.map((sc) => (
        <a
          key={sc.id}
          className={`fleet-tile fleet-tile--${cssToken(sc.status)}`}
          href={formatHash('spacecraft', new URLSearchParams({ id: sc.id }))}
          data-testid="fleet-tile"
          data-spacecraft={sc.id}
          data-status={cssToken(sc.status)}
        >
          <div className="fleet-tile__head">
            <span className="fleet-tile__name">{sc.name}</span>
            <StatusPill value={sc.status} />
          </div>
          <div className="fleet-tile__score" data-testid="fleet-tile-score" title="Health score, 0–100">
            {sc.health_score === null ? '—' : Math.round(sc.health_score)}
          </div>
          <div className="fleet-tile__meta">
            <span title={sc.last_contact ? formatTimestamp(sc.last_contact) : undefined}>contact {formatRelative(sc.last_contact, now)}</span>
            <span className={sc.active_alerts > 0 ? 'text-warn' : undefined} data-testid="fleet-tile-alerts" data-count={sc.active_alerts}>
              {sc.active_alerts} alert{sc.active_alerts === 1 ? '' : 's'}
            </span>
          </div>
        </a>
      ))}
    </div>
  );
}

/** Monitored endpoints (ground stations, relays, services) with their state and latency. */
export function StationLinks({ links, now }: { links: readonly Endpoint[]; now: number }) {
  if (links.length === 0) {
    return (
      <EmptyState title="No station links monitored">
        Add one on the <a href="#/endpoints">Endpoints</a> page.
      </EmptyState>
    );
  }
  return (
    <ul className="station-links">
      {links.map((e) => (
        <li key={e.id} data-testid="overview-link" data-status={String(e.status)}>
          <span>
            <StatusPill value={e.status} /> {e.name}
            {e.spacecraft_id ? <span className="muted small"> · {e.spacecraft_id}</span> : null}
          </span>
          <span className="muted small">
            {formatMs(e.last_latency_ms)} · checked {formatRelative(e.last_check, now)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** This period against the previous one of the same length: who got louder, who went quiet. */
export function TopMovers({ movers }: { movers: Trends['top_movers'] }) {
  if (movers.length === 0) return <EmptyState title="No change against the previous period" />;
  return (
    <table className="table table--compact">
      <thead>
        <tr>
          <th>Spacecraft</th>
          <th className="num">Now</th>
          <th className="num">Before</th>
          <th className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {movers.map((m) => (
          <tr key={m.name} data-testid="overview-mover" data-name={m.name} data-change={m.change}>
            <td>
              <a href={formatHash('spacecraft', new URLSearchParams({ id: m.name }))}>{m.name}</a>
            </td>
            <td className="num">{formatCount(m.total)}</td>
            <td className="num">{formatCount(m.previous_total)}</td>
            <td className={m.change > 0 ? 'num text-warn' : 'num'}>
              {m.change > 0 ? '+' : ''}
              {formatCount(m.change)} {m.change_pct === null ? '(new)' : `(${m.change_pct > 0 ? '+' : ''}${m.change_pct} %)`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
