import { useNow } from '../../app/useNow';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { useNotificationsStore } from '../../stores';

/** `due in 40 s`, `due in 5 min`, `due in 4 h`. */
export function dueIn(ms: number): string {
  if (ms <= 0) return 'due now';
  const s = Math.ceil(ms / 1000);
  if (s < 90) return `due in ${s} s`;
  if (s < 90 * 60) return `due in ${Math.round(s / 60)} min`;
  return `due in ${Math.round(s / 3600)} h`;
}

const TONE: Record<string, string> = { sent: 'resolved', pending: 'pending', skipped: 'info', failed: 'critical' };

/** The outbox, newest first: what was sent where, what waits, what was skipped and why. */
export function DeliveryLog() {
  const items = useNotificationsStore((s) => s.deliveries);
  const pending = useNotificationsStore((s) => s.pending);
  const now = useNow(5_000);
  return (
    <div className="panel panel--flush" data-testid="delivery-log">
      <div className="panel__head">
        <h2 className="panel__title">Delivery log</h2>
        <span className="muted">{pending} queued</span>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            <th>Status</th>
            <th>Why</th>
            <th>Channel</th>
            <th>Notification</th>
            <th>Alerts</th>
            <th className="num">Attempts</th>
            <th>When</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id} data-testid="delivery-row" data-status={d.status} data-purpose={d.purpose}>
              <td className="mono">{d.id}</td>
              <td>
                <span className={`pill tone-${TONE[d.status] ?? 'info'}`}>{d.status}</span>
              </td>
              <td>{d.purpose}</td>
              <td>{d.channel_name}</td>
              <td className="wrap">{d.title ?? '—'}</td>
              <td className="mono">{d.alert_ids.join(', ') || '—'}</td>
              <td className="num">{d.attempts}</td>
              <td title={formatTimestamp(d.sent_at ?? d.due_at)}>
                {/* The page clock ticks every few seconds: a just-sent row must not read "in 2s". */}
                {d.status === 'pending' ? dueIn(d.due_at - now) : formatRelative(Math.min(d.sent_at ?? d.created_at, now), now)}
              </td>
              <td className="wrap text-error">{d.last_error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
