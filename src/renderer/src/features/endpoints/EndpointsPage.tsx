import { useEffect } from 'react';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { usePolling } from '../../app/useLive';
import { useNow } from '../../app/useNow';
import { formatInterval, formatMs, formatRelative, formatTimestamp } from '../../lib/format';
import { useEndpointsStore } from '../../stores';
import { EndpointForm } from './EndpointForm';

const POLL_MS = 10_000;

export function EndpointsPage() {
  const items = useEndpointsStore((s) => s.items);
  const status = useEndpointsStore((s) => s.status);
  const error = useEndpointsStore((s) => s.error);
  const now = useNow(5_000);

  useEffect(() => {
    void useEndpointsStore.getState().load();
  }, []);
  // Checks run on the station's schedule; there is no event for them, so poll.
  usePolling(() => void useEndpointsStore.getState().load(), POLL_MS);

  const down = items.filter((e) => e.status === 'down').length;

  return (
    <section className="page">
      <PageHeader title="Endpoints" subtitle={`${items.length} monitored · ${down} down`} />
      <EndpointForm />
      <InlineError message={error} testId="endpoints-list-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="No endpoints monitored" testId="endpoints-empty">
          Add a ground-station or service URL above to check it periodically.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="panel panel--flush">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>URL</th>
                <th>Spacecraft</th>
                <th className="num">Latency</th>
                <th>Last check</th>
                <th>Every</th>
                <th>Last error</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid="endpoints-row" data-status={String(e.status)} data-endpoint-id={e.id}>
                  <td className="strong">{e.name}</td>
                  <td>
                    <StatusPill value={e.status} />
                  </td>
                  <td className="mono wrap">
                    <span className="muted">{e.kind.toUpperCase()}</span> {e.endpoint_url}
                  </td>
                  <td>{e.spacecraft_id ?? '—'}</td>
                  <td className="num">{formatMs(e.last_latency_ms)}</td>
                  <td title={e.last_check ? formatTimestamp(e.last_check) : undefined}>{formatRelative(e.last_check, now)}</td>
                  <td>{formatInterval(e.check_interval)}</td>
                  <td className="wrap text-error">{e.last_error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
