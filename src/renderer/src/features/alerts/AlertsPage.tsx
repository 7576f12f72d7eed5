import { Fragment, useEffect, useMemo, useState } from 'react';
import { SEVERITIES } from '../../../../shared/api/schemas/alerts';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { useNow } from '../../app/useNow';
import { cssToken } from '../../lib/enums';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { readOperator } from '../../lib/storage';
import { useAlertsStore } from '../../stores';
import { needsAck, selectUnacknowledgedCount, sortAlerts } from '../../stores/alerts';
import { AckForm } from './AckForm';
import { AlertDetailPanel } from './AlertDetailPanel';
import { AuditLog } from './AuditLog';
import { BulkActions } from './BulkActions';
import { SilencesPanel } from './SilencesPanel';
import './alerts.css';

const COLUMNS = 8;
const VIEWS = [
  { value: 'all', label: 'All open' },
  { value: 'unacked', label: 'Unacknowledged' },
  { value: 'acked', label: 'Acknowledged' },
  { value: 'shelved', label: 'Shelved' },
  { value: 'pending', label: 'Pending' },
] as const;

function valueText(value: number | null, threshold: number): string {
  return `${value === null ? '—' : String(Number(value.toPrecision(6)))} / ${threshold}`;
}

/** Active alerts, needs-attention first, with filters, multi-select actions, detail and the audit log. */
export function AlertsPage({ params }: { params?: URLSearchParams }) {
  const items = useAlertsStore((s) => s.items);
  const status = useAlertsStore((s) => s.status);
  const error = useAlertsStore((s) => s.error);
  const detailId = useAlertsStore((s) => s.detail?.alert.id ?? null);
  const [acking, setAcking] = useState<number | null>(null);
  const [view, setView] = useState<string>('all');
  const [severity, setSeverity] = useState<string>('');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const now = useNow(10_000);
  const unacknowledged = selectUnacknowledgedCount({ items });
  const shown = useMemo(() => {
    const t = text.trim().toLowerCase();
    return sortAlerts(items).filter(
      (a) =>
        (view === 'all' || (view === 'unacked' ? needsAck(a) : view === 'acked' ? a.status === 'acknowledged' : a.status === view)) &&
        (!severity || a.severity === severity) &&
        (!t || `${a.rule_name} ${a.message} ${Object.values(a.labels).join(' ')}`.toLowerCase().includes(t)),
    );
  }, [items, view, severity, text]);
  const selectedShown = shown.filter((a) => selected.has(a.id)).map((a) => a.id);

  useEffect(() => {
    void useAlertsStore.getState().load();
  }, []);

  // `#/alerts?id=N` (a desktop notification's click, a shared link) opens that alert's detail.
  const linked = Number(params?.get('id'));
  useEffect(() => {
    if (Number.isInteger(linked) && linked > 0) void useAlertsStore.getState().openDetail(linked);
  }, [linked]);

  const toggle = (id: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section className="page">
      <PageHeader title="Alerts" subtitle={`${items.length} active · ${unacknowledged} unacknowledged`} />
      <div className="toolbar" data-testid="alerts-filters">
        <select className="select" data-testid="alerts-filter-view" value={view} onChange={(e) => setView(e.target.value)}>
          {VIEWS.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
        <select className="select" data-testid="alerts-filter-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input className="input" data-testid="alerts-filter-text" placeholder="Filter by rule, message, label" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {selectedShown.length ? <BulkActions ids={selectedShown} onDone={() => setSelected(new Set())} /> : null}
      <InlineError message={error} testId="alerts-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="All quiet — no active alerts" testId="alerts-empty">
          Alerts appear here when a rule fires.
        </EmptyState>
      ) : null}
      {shown.length > 0 ? (
        <div className="panel panel--flush">
          <table className="table table--alerts">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all shown"
                    data-testid="alerts-select-all"
                    checked={selectedShown.length === shown.length}
                    onChange={(e) => setSelected(e.target.checked ? new Set(shown.map((a) => a.id)) : new Set())}
                  />
                </th>
                <th>Severity</th>
                <th>Status</th>
                <th>Rule</th>
                <th>Message</th>
                <th className="num">Value / threshold</th>
                <th>Triggered</th>
                <th>Acknowledgement</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <Fragment key={a.id}>
                  <tr
                    data-testid="alerts-row"
                    data-status={cssToken(a.status)}
                    data-severity={cssToken(a.severity)}
                    data-alert-id={a.id}
                    className={`alert-row alert-row--${cssToken(a.status)}${detailId === a.id ? ' alert-row--open' : ''}`}
                  >
                    <td>
                      <input type="checkbox" aria-label={`Select alert ${a.id}`} data-testid="alerts-select" checked={selected.has(a.id)} onChange={(e) => toggle(a.id, e.target.checked)} />
                    </td>
                    <td>
                      <StatusPill value={a.severity} />
                    </td>
                    <td>
                      <StatusPill value={a.status} />
                    </td>
                    <td className="strong">
                      <button type="button" className="link-button" data-testid="alerts-open-detail" onClick={() => void useAlertsStore.getState().openDetail(a.id)}>
                        {a.rule_name}
                      </button>
                    </td>
                    <td className="wrap">
                      {a.message}
                      {a.silenced_by !== null ? <span className="muted"> (silenced)</span> : null}
                    </td>
                    <td className="num mono">{valueText(a.value, a.threshold)}</td>
                    <td title={formatTimestamp(a.triggered_at)}>{formatRelative(a.triggered_at, now)}</td>
                    <td>
                      {a.status === 'acknowledged' ? (
                        <span className="ack-info" title={a.acknowledged_at ? formatTimestamp(a.acknowledged_at) : undefined}>
                          {a.acknowledged_by ?? 'someone'}
                          {a.acknowledged_at ? `, ${formatRelative(a.acknowledged_at, now)}` : ''}
                          {a.ack_comment ? <span className="ack-info__comment">“{a.ack_comment}”</span> : null}
                        </span>
                      ) : a.status === 'shelved' ? (
                        <span className="ack-info">
                          shelved by {a.shelved_by ?? 'someone'} until {a.shelved_until ? formatTimestamp(a.shelved_until) : '—'}{' '}
                          <button type="button" className="button button--small" data-testid="alert-unshelve" onClick={() => void useAlertsStore.getState().unshelve(a.id, readOperator() || 'operator')}>
                            Unshelve
                          </button>
                        </span>
                      ) : needsAck(a) && acking !== a.id ? (
                        <button type="button" className="button button--small button--primary" data-testid="alert-ack-button" onClick={() => setAcking(a.id)}>
                          Acknowledge
                        </button>
                      ) : null}
                    </td>
                  </tr>
                  {acking === a.id && needsAck(a) ? (
                    <tr className="ack-row">
                      <td colSpan={COLUMNS}>
                        <AckForm alert={a} onDone={() => setAcking(null)} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <AlertDetailPanel />
      <SilencesPanel />
      <AuditLog />
    </section>
  );
}
