import { useEffect, useMemo } from 'react';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { formatHash } from '../../app/routing';
import { useLiveRefresh, usePolling } from '../../app/useLive';
import { useNow } from '../../app/useNow';
import { rankOf } from '../../lib/enums';
import { formatCount, formatRelative, formatTimestamp } from '../../lib/format';
import { useSpacecraftStore } from '../../stores';
import { DEFAULT_LOG_QUERY, queryToParams } from '../../stores/logs-query';
import { HealthBar } from './HealthBar';
import { SpacecraftDetail } from './SpacecraftDetail';

const POLL_MS = 10_000;
/** Worst first: an operator scans this table for trouble. */
const STATUS_ORDER = ['critical', 'lost-contact', 'degraded', 'unknown', 'nominal'] as const;

/** The fleet table, or one spacecraft's page (`#/spacecraft?id=juno`). */
export function SpacecraftPage({ params }: { params: URLSearchParams }) {
  const id = params.get('id');
  return id ? <SpacecraftDetail id={id} /> : <FleetTable />;
}

function FleetTable() {
  const items = useSpacecraftStore((s) => s.items);
  const status = useSpacecraftStore((s) => s.status);
  const error = useSpacecraftStore((s) => s.error);
  const now = useNow(5_000);
  const load = () => void useSpacecraftStore.getState().load();
  const sorted = useMemo(
    () =>
      [...items].sort(
        (a, b) => rankOf(STATUS_ORDER, a.status) - rankOf(STATUS_ORDER, b.status) || a.name.localeCompare(b.name),
      ),
    [items],
  );

  useEffect(() => {
    void useSpacecraftStore.getState().load();
  }, []);
  usePolling(load, POLL_MS);
  useLiveRefresh(['logs.ingested', 'alert.fired', 'alert.updated'], load, 5_000);

  return (
    <section className="page">
      <PageHeader title="Spacecraft" subtitle={`${items.length} known · needs-attention first`} />
      <InlineError message={error} testId="spacecraft-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="No spacecraft yet" testId="spacecraft-empty">
          A spacecraft appears once a log line carries its spacecraft_id.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="panel panel--flush">
          <table className="table">
            <thead>
              <tr>
                <th>Spacecraft</th>
                <th>Status</th>
                <th>Health</th>
                <th>Last contact</th>
                <th className="num">Lines 1h</th>
                <th className="num">Errors 1h</th>
                <th className="num">Active alerts</th>
                <th>Mission</th>
                <th>Location</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((sc) => (
                <tr key={sc.id} data-testid="spacecraft-row" data-status={String(sc.status)} data-spacecraft={sc.id}>
                  <td>
                    <a className="strong" data-testid="spacecraft-link" href={formatHash('spacecraft', new URLSearchParams({ id: sc.id }))}>
                      {sc.name}
                    </a>
                    {' '}
                    <a className="muted small" href={formatHash('logs', queryToParams({ ...DEFAULT_LOG_QUERY, spacecraft: sc.id }))}>
                      logs
                    </a>
                    {sc.name !== sc.id ? <div className="muted mono small">{sc.id}</div> : null}
                  </td>
                  <td>
                    <StatusPill value={sc.status} />
                  </td>
                  <td>
                    <HealthBar score={sc.health_score} />
                  </td>
                  <td title={sc.last_contact ? formatTimestamp(sc.last_contact) : undefined}>
                    {formatRelative(sc.last_contact, now)}
                  </td>
                  <td className="num">{formatCount(sc.lines_1h)}</td>
                  <td className={sc.errors_1h > 0 ? 'num text-error' : 'num'}>{formatCount(sc.errors_1h)}</td>
                  <td className={sc.active_alerts > 0 ? 'num text-warn' : 'num'}>{formatCount(sc.active_alerts)}</td>
                  <td>{sc.mission_type ?? '—'}</td>
                  <td>{sc.location ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
