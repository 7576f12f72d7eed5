import { Fragment, useEffect, useMemo, useState } from 'react';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { useNow } from '../../app/useNow';
import { cssToken } from '../../lib/enums';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { useAlertsStore } from '../../stores';
import { selectUnacknowledgedCount, sortAlerts } from '../../stores/alerts';
import { AckForm } from './AckForm';

const COLUMNS = 7;

function valueText(value: number | null, threshold: number): string {
  return `${value === null ? '—' : String(value)} / ${threshold}`;
}

/** Active alerts, needs-attention first. The shell keeps the list live; this page only reads it. */
export function AlertsPage() {
  const items = useAlertsStore((s) => s.items);
  const status = useAlertsStore((s) => s.status);
  const error = useAlertsStore((s) => s.error);
  const [acking, setAcking] = useState<number | null>(null);
  const now = useNow(10_000);
  const sorted = useMemo(() => sortAlerts(items), [items]);
  const unacknowledged = selectUnacknowledgedCount({ items });

  useEffect(() => {
    void useAlertsStore.getState().load();
  }, []);

  return (
    <section className="page">
      <PageHeader
        title="Alerts"
        subtitle={`${items.length} active · ${unacknowledged} unacknowledged`}
      />
      <InlineError message={error} testId="alerts-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="All quiet — no active alerts" testId="alerts-empty">
          Alerts appear here when a rule fires.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="panel panel--flush">
          <table className="table table--alerts">
            <thead>
              <tr>
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
              {sorted.map((a) => (
                <Fragment key={a.id}>
                  <tr
                    data-testid="alerts-row"
                    data-status={cssToken(a.status)}
                    data-severity={cssToken(a.severity)}
                    data-alert-id={a.id}
                    className={`alert-row alert-row--${cssToken(a.status)}`}
                  >
                    <td>
                      <StatusPill value={a.severity} />
                    </td>
                    <td>
                      <StatusPill value={a.status} />
                    </td>
                    <td className="strong">{a.rule_name}</td>
                    <td className="wrap">{a.message}</td>
                    <td className="num mono">{valueText(a.value, a.threshold)}</td>
                    <td title={formatTimestamp(a.triggered_at)}>{formatRelative(a.triggered_at, now)}</td>
                    <td>
                      {a.status === 'acknowledged' ? (
                        <span className="ack-info" title={a.acknowledged_at ? formatTimestamp(a.acknowledged_at) : undefined}>
                          {a.acknowledged_by ?? 'someone'}
                          {a.acknowledged_at ? `, ${formatRelative(a.acknowledged_at, now)}` : ''}
                          {a.ack_comment ? <span className="ack-info__comment">“{a.ack_comment}”</span> : null}
                        </span>
                      ) : acking === a.id ? null : (
                        <button
                          type="button"
                          className="button button--small button--primary"
                          data-testid="alert-ack-button"
                          onClick={() => setAcking(a.id)}
                        >
                          Acknowledge
                        </button>
                      )}
                    </td>
                  </tr>
                  {acking === a.id && a.status !== 'acknowledged' ? (
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
    </section>
  );
}
