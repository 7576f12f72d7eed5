import type { SystemMetrics } from '../../../../shared/api/schemas/metrics';
import { formatCount } from '../../lib/format';

/**
 * What each protocol delivered, refused and deduplicated, what was throttled, and what the
 * listeners outside HTTP counted (syslog drops included): nothing is lost without a number.
 */
export function IngestCounts({ snapshot }: { snapshot: SystemMetrics }) {
  const { ingest, counters } = snapshot;
  return (
    <div className="panel" data-testid="metrics-ingest">
      <div className="panel__head">
        <h2 className="panel__title">Ingest since start</h2>
        <span className="muted">
          {formatCount(ingest.throttled_total)} throttled (429) · {formatCount(ingest.queued_records)} waiting to be stored
        </span>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Protocol</th>
            <th className="num">Requests</th>
            <th className="num">Lines</th>
            <th className="num">Samples</th>
            <th className="num">Spans</th>
            <th className="num">Rejected</th>
            <th className="num">Duplicates</th>
          </tr>
        </thead>
        <tbody>
          {ingest.by_protocol.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                Nothing received yet
              </td>
            </tr>
          ) : (
            ingest.by_protocol.map((p) => (
              <tr key={p.protocol} data-testid="metrics-ingest-row" data-protocol={p.protocol}>
                <td>{p.protocol}</td>
                <td className="num">{formatCount(p.requests)}</td>
                <td className="num">{formatCount(p.lines)}</td>
                <td className="num">{formatCount(p.samples)}</td>
                <td className="num">{formatCount(p.spans)}</td>
                <td className={p.rejected > 0 ? 'num text-error' : 'num'}>{formatCount(p.rejected)}</td>
                <td className="num">{formatCount(p.duplicates)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {Object.entries(counters).map(([name, values]) => (
        <p key={name} className="muted" data-testid={`metrics-counters-${name}`}>
          <strong>{name}</strong>:{' '}
          {Object.entries(values)
            .map(([k, v]) => `${k} ${formatCount(v)}`)
            .join(' · ')}
        </p>
      ))}
    </div>
  );
}
