import { useMemo } from 'react';
import { EChart } from '../../charts/EChart';
import { alertTimelineOption, firingRanges } from '../../charts/options/alert-timeline';
import { StatusPill } from '../../components/StatusPill';
import { useNow } from '../../app/useNow';
import { formatTimestamp } from '../../lib/format';
import { useAlertsStore } from '../../stores';

/** One alert: its labels and annotations, the data that triggered it and its timeline of state changes. */
export function AlertDetailPanel() {
  const detail = useAlertsStore((s) => s.detail);
  const now = useNow(10_000);
  const option = useMemo(() => {
    if (!detail || detail.data.points.length === 0) return null;
    const end = detail.alert.resolved_at ?? now;
    return alertTimelineOption(detail.data.points, detail.alert.threshold, firingRanges(detail.transitions, end));
  }, [detail, now]);
  if (!detail) return null;
  const { alert, transitions, data } = detail;
  return (
    <div className="panel alert-detail" data-testid="alert-detail" data-alert-id={alert.id}>
      <h2 className="panel__title">
        {alert.rule_name} <StatusPill value={alert.status} />
        <button className="button button--small" type="button" data-testid="alert-detail-close" onClick={() => void useAlertsStore.getState().openDetail(null)}>
          Close
        </button>
      </h2>
      <p className="wrap">{alert.message}</p>
      {Object.keys(alert.annotations).length ? (
        <dl className="kv">
          {Object.entries(alert.annotations).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {Object.keys(alert.labels).length ? <p className="mono muted">{Object.entries(alert.labels).map(([k, v]) => `${k}=${v}`).join(' ')}</p> : null}
      {alert.silenced_by !== null ? <p className="muted">Notifications muted by silence #{alert.silenced_by}.</p> : null}
      {option ? <EChart option={option} ariaLabel="The data that triggered the alert, with its threshold" height={180} testId="alert-detail-chart" /> : null}
      {data.lines.length ? (
        <ul className="alert-detail__lines" data-testid="alert-detail-lines">
          {data.lines.map((l) => (
            <li key={l.id} className="mono">
              {formatTimestamp(l.timestamp)} {l.level} {l.message}
            </li>
          ))}
        </ul>
      ) : null}
      <h3 className="panel__subtitle">Timeline</h3>
      <ol className="alert-detail__timeline" data-testid="alert-detail-timeline">
        {transitions.map((t, i) => (
          <li key={i} data-testid="alert-detail-transition">
            <span className="mono">{formatTimestamp(t.at)}</span> {t.from ?? 'normal'} → <strong>{t.to}</strong>
            {t.actor ? ` by ${t.actor}` : ''}
            {t.comment ? ` — “${t.comment}”` : ''}
            {t.value !== null ? <span className="muted"> (value {t.value})</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
