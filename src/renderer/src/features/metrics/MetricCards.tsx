import type { SystemMetrics } from '../../../../shared/api/schemas/metrics';
import { formatBytes, formatCount, formatMs, formatPct, formatRate, formatUptime } from '../../lib/format';

interface Card {
  key: string;
  label: string;
  value: string;
  detail: string;
  /** Above this the card turns amber; the numbers are rules of thumb for a ground station. */
  warn?: boolean;
}

export function metricCards(m: SystemMetrics): Card[] {
  const disk = m.host.disk;
  return [
    {
      key: 'cpu',
      label: 'CPU',
      value: formatPct(m.host.cpu.usage_pct),
      detail: `${m.host.cpu.cores} cores · load ${m.host.cpu.load1.toFixed(2)} / ${m.host.cpu.load5.toFixed(2)} / ${m.host.cpu.load15.toFixed(2)}`,
      warn: m.host.cpu.usage_pct > 85,
    },
    {
      key: 'memory',
      label: 'Memory',
      value: formatPct(m.host.memory.used_pct),
      detail: `${formatBytes(m.host.memory.used_bytes)} of ${formatBytes(m.host.memory.total_bytes)}`,
      warn: m.host.memory.used_pct > 90,
    },
    {
      key: 'disk',
      label: 'Disk',
      value: disk ? formatPct(disk.used_pct) : '—',
      detail: disk ? `${formatBytes(disk.free_bytes)} free on ${disk.path}` : 'not measured on this platform',
      warn: disk ? disk.used_pct > 90 : false,
    },
    {
      key: 'rss',
      label: 'Process RSS',
      value: formatBytes(m.process.rss_bytes),
      detail: `heap ${formatBytes(m.process.heap_used_bytes)} · up ${formatUptime(m.process.uptime_s)}`,
    },
    {
      key: 'lag',
      label: 'Event-loop lag p99',
      value: formatMs(m.process.event_loop_lag_ms.p99),
      detail: `p50 ${formatMs(m.process.event_loop_lag_ms.p50)} · max ${formatMs(m.process.event_loop_lag_ms.max)}`,
      warn: m.process.event_loop_lag_ms.p99 > 100,
    },
    {
      key: 'ingest',
      label: 'Ingest',
      value: formatRate(m.ingest.lines_per_s),
      detail: `${formatCount(m.ingest.lines_total)} lines · ${formatCount(m.ingest.rejected_total)} rejected`,
    },
    {
      key: 'db',
      label: 'Database',
      value: formatBytes(m.db.size_bytes),
      detail: `WAL ${formatBytes(m.db.wal_bytes)}`,
    },
  ];
}

export function MetricCards({ snapshot }: { snapshot: SystemMetrics }) {
  return (
    <div className="tiles">
      {metricCards(snapshot).map((card) => (
        <div key={card.key} className={card.warn ? 'tile tile--warn' : 'tile'} data-testid={`metrics-card-${card.key}`}>
          <div className="tile__label">{card.label}</div>
          <div className="tile__value" data-testid={`metrics-value-${card.key}`}>
            {card.value}
          </div>
          <div className="tile__detail">{card.detail}</div>
        </div>
      ))}
    </div>
  );
}
