import { useMemo } from 'react';
import { EChart } from '../../charts/EChart';
import { metricLineOption } from '../../charts/options/metric-line';
import { InlineError, Loading } from '../../components/Feedback';
import { StatusPill } from '../../components/StatusPill';
import { formatPct, formatTimestamp } from '../../lib/format';
import { useEndpointsStore } from '../../stores';

/** Uptime over 24 h / 7 d / 30 d, latency over the recent checks, each check's outcome, state changes. */
export function EndpointDetailPanel() {
  const detail = useEndpointsStore((s) => s.detail);
  const error = useEndpointsStore((s) => s.detailError);
  const points = useMemo(
    () => (detail ? detail.history.filter((h) => h.latency_ms !== null).map((h) => [h.at, h.latency_ms as number] as const).reverse() : []),
    [detail],
  );
  const option = useMemo(() => metricLineOption('Latency', 'ms', points), [points]);
  if (error) return <InlineError message={error} testId="endpoint-detail-error" />;
  if (!detail) return <Loading />;
  const { endpoint, uptime, history, state_changes } = detail;
  return (
    <div className="panel" data-testid="endpoint-detail" data-endpoint-id={endpoint.id}>
      <h2 className="panel__title">
        {endpoint.name} <StatusPill value={endpoint.paused ? 'paused' : endpoint.status} />
      </h2>
      <div className="uptime-figures">
        {(['24h', '7d', '30d'] as const).map((w) => (
          <div key={w} className="uptime-figure" data-testid={`endpoint-uptime-${w}`}>
            <div className="uptime-figure__label">Uptime {w}</div>
            <div className="uptime-figure__value">{uptime[w] === null ? '—' : formatPct(uptime[w])}</div>
          </div>
        ))}
        <div className="uptime-figure">
          <div className="uptime-figure__label">Failed in a row</div>
          <div className="uptime-figure__value">
            {endpoint.failures} / {endpoint.retries + 1}
          </div>
        </div>
      </div>
      <div className="check-strip" data-testid="endpoint-checks" aria-label="recent checks, oldest first">
        {[...history].reverse().map((h) => (
          <span key={`${h.at}-${h.ok}`} className={`check-strip__cell tone-${h.ok ? 'up' : 'down'}`} title={`${formatTimestamp(h.at)}: ${h.ok ? 'ok' : (h.error ?? 'failed')}`} />
        ))}
      </div>
      {points.length > 1 ? <EChart option={option} ariaLabel={`Latency of ${endpoint.name}`} height={180} testId="endpoint-latency-chart" /> : null}
      <h3 className="endpoint-subtitle">State changes</h3>
      {state_changes.length === 0 ? (
        <p className="muted">Not checked yet.</p>
      ) : (
        <ul className="state-changes" data-testid="endpoint-state-changes">
          {state_changes.map((c) => (
            <li key={c.at}>
              <StatusPill value={c.status} /> {formatTimestamp(c.at)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
