import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../lib/format';
import { useAlertsStore } from '../../stores';

/** Who did what to rules and alarms, searchable. */
export function AuditLog() {
  const items = useAlertsStore((s) => s.audit);
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => void useAlertsStore.getState().searchAudit(q.trim() ? { q: q.trim(), limit: 100 } : { limit: 100 }), 250);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <div className="panel" data-testid="audit-log">
      <h2 className="panel__title">Audit log</h2>
      <input className="input" data-testid="audit-search" placeholder="Search actions, people, rules…" value={q} onChange={(e) => setQ(e.target.value)} />
      <table className="table">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action}>
              <td className="mono">{formatTimestamp(e.at)}</td>
              <td>{e.actor}</td>
              <td className="mono">{e.action}</td>
              <td className="wrap">{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
