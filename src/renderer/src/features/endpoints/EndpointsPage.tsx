import { useEffect, useState } from 'react';
import type { Endpoint } from '../../../../shared/api/schemas/fleet';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { useLiveRefresh, usePolling } from '../../app/useLive';
import { useNow } from '../../app/useNow';
import { formatInterval, formatMs, formatRelative, formatTimestamp } from '../../lib/format';
import { messageOf } from '../../lib/errors';
import { useEndpointsStore } from '../../stores';
import { EndpointDetailPanel } from './EndpointDetailPanel';
import { EndpointForm } from './EndpointForm';
import '../../styles/endpoints.css';

const POLL_MS = 10_000;

function refresh(): void {
  const s = useEndpointsStore.getState();
  void s.load();
  void s.loadDetail();
}

function RowActions({ e, onEdit, onError }: { e: Endpoint; onEdit: () => void; onError: (m: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const act = (fn: () => Promise<unknown>) => () => void fn().catch((err: unknown) => onError(messageOf(err)));
  const store = useEndpointsStore.getState;
  return (
    <div className="row-actions">
      <button className="button button--small" type="button" data-testid="endpoints-details" onClick={act(() => store().select(e.id))}>
        Details
      </button>
      <button className="button button--small" type="button" data-testid="endpoints-edit" onClick={onEdit}>
        Edit
      </button>
      <button className="button button--small" type="button" data-testid="endpoints-pause" onClick={act(() => store().setPaused(e.id, !e.paused))}>
        {e.paused ? 'Resume' : 'Pause'}
      </button>
      {confirming ? (
        <button className="button button--small text-error" type="button" data-testid="endpoints-delete-confirm" onClick={act(() => store().deleteEndpoint(e.id))}>
          Really delete
        </button>
      ) : (
        <button className="button button--small" type="button" data-testid="endpoints-delete" onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
    </div>
  );
}

export function EndpointsPage() {
  const items = useEndpointsStore((s) => s.items);
  const status = useEndpointsStore((s) => s.status);
  const error = useEndpointsStore((s) => s.error);
  const selectedId = useEndpointsStore((s) => s.selectedId);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // Checks can run every second: a coarser clock would show a fresh check as "in 3s".
  const now = useNow(1_000);

  useEffect(() => {
    void useEndpointsStore.getState().load();
  }, []);
  // State changes arrive as events; polling is the floor under them (and brings latency and last check).
  useLiveRefresh(['endpoint.state'], refresh);
  usePolling(refresh, POLL_MS);

  const down = items.filter((e) => e.status === 'down' && !e.paused).length;
  const paused = items.filter((e) => e.paused).length;

  return (
    <section className="page">
      <PageHeader title="Endpoints" subtitle={`${items.length} monitored · ${down} down${paused ? ` · ${paused} paused` : ''}`} />
      {editing ? <EndpointForm key={editing.id} editing={editing} onDone={() => setEditing(null)} /> : <EndpointForm />}
      <InlineError message={error ?? actionError} testId="endpoints-list-error" />
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
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid="endpoints-row" data-status={e.paused ? 'paused' : String(e.status)} data-endpoint-id={e.id} className={e.id === selectedId ? 'is-selected' : undefined}>
                  <td className="strong">{e.name}</td>
                  <td>
                    <StatusPill value={e.paused ? 'paused' : e.status} />
                  </td>
                  <td className="mono wrap">
                    <span className="muted">{e.kind.toUpperCase()}</span> {e.endpoint_url}
                  </td>
                  <td>{e.spacecraft_id ?? '—'}</td>
                  <td className="num">{formatMs(e.last_latency_ms)}</td>
                  <td title={e.last_check ? formatTimestamp(e.last_check) : undefined}>{formatRelative(e.last_check, now)}</td>
                  <td>{formatInterval(e.check_interval)}</td>
                  <td className="wrap text-error">{e.last_error ?? ''}</td>
                  <td>
                    <RowActions e={e} onEdit={() => setEditing(e)} onError={setActionError} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {selectedId !== null ? <EndpointDetailPanel /> : null}
    </section>
  );
}
