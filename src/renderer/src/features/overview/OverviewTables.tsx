import type { Alert } from '../../../../shared/api/schemas/alerts';
import type { Overview } from '../../../../shared/api/schemas/fleet';
import { EmptyState } from '../../components/Feedback';
import { StatusPill } from '../../components/StatusPill';
import { formatCount, formatRelative, formatTimestamp } from '../../lib/format';
import { formatHash } from '../../app/routing';
import { queryToParams, DEFAULT_LOG_QUERY } from '../../stores/logs-query';

export function RecentAlerts({ alerts, now }: { alerts: readonly Alert[]; now: number }) {
  if (alerts.length === 0) return <EmptyState title="No active alerts" />;
  return (
    <ul className="recent-alerts">
      {alerts.map((a) => (
        <li key={a.id} className="recent-alerts__item" data-testid="overview-recent-alert" data-status={String(a.status)}>
          <StatusPill value={a.severity} />
          <div className="recent-alerts__body">
            <div className="recent-alerts__name">{a.rule_name}</div>
            <div className="recent-alerts__message">{a.message}</div>
          </div>
          <div className="recent-alerts__meta">
            <StatusPill value={a.status} />
            <span title={formatTimestamp(a.triggered_at)}>{formatRelative(a.triggered_at, now)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

type SpacecraftRow = Overview['by_spacecraft'][number];

/** Each spacecraft links to its logs, errors first being the usual next question. */
export function SpacecraftCounts({ rows, now }: { rows: readonly SpacecraftRow[]; now: number }) {
  if (rows.length === 0) return <EmptyState title="No spacecraft reported in this range" />;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Spacecraft</th>
          <th className="num">Lines</th>
          <th className="num">Errors</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.spacecraft_id} data-testid="overview-spacecraft-row" data-spacecraft={r.spacecraft_id}>
            <td>
              <a href={formatHash('logs', queryToParams({ ...DEFAULT_LOG_QUERY, spacecraft: r.spacecraft_id }))}>
                {r.spacecraft_id}
              </a>
            </td>
            <td className="num">{formatCount(r.count)}</td>
            <td className={r.errors > 0 ? 'num text-error' : 'num'}>{formatCount(r.errors)}</td>
            <td title={formatTimestamp(r.last_seen)}>{formatRelative(r.last_seen, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
