import { useState } from 'react';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { readOperator, writeOperator } from '../../lib/storage';
import { useAlertsStore } from '../../stores';

const SHELVE_FOR = [
  { value: '15m', label: '15 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '8h', label: '8 hours' },
  { value: 'until', label: 'until…' },
] as const;

/** Acknowledge or shelve every selected alert with one name and comment. */
export function BulkActions({ ids, onDone }: { ids: number[]; onDone(): void }) {
  const [by, setBy] = useState(readOperator);
  const [comment, setComment] = useState('');
  const [shelveFor, setShelveFor] = useState<string>('1h');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: 'ack' | 'shelve') => {
    if (!by.trim()) return setError('Enter who is acting.');
    if (what === 'shelve' && shelveFor === 'until' && !until) return setError('Pick when the shelf ends.');
    setBusy(true);
    setError(null);
    writeOperator(by);
    const store = useAlertsStore.getState();
    const extra = comment.trim() ? { comment: comment.trim() } : {};
    const failures: string[] = [];
    for (const id of ids) {
      try {
        if (what === 'ack') await store.acknowledge({ id, by: by.trim(), ...extra });
        else await store.shelve({ id, by: by.trim(), ...extra, ...(shelveFor === 'until' ? { until: new Date(until).toISOString() } : { duration: shelveFor }) });
      } catch (e) {
        failures.push(`#${id}: ${messageOf(e)}`);
      }
    }
    setBusy(false);
    if (failures.length) setError(failures.join('; '));
    else onDone();
  };

  return (
    <div className="panel bulk-actions" data-testid="alerts-bulk">
      <strong>{ids.length} selected</strong>
      <input className="input" data-testid="alerts-bulk-by" aria-label="Your name" placeholder="Your name" value={by} maxLength={100} onChange={(e) => setBy(e.target.value)} />
      <input className="input ack-form__comment" data-testid="alerts-bulk-comment" aria-label="Comment" placeholder="Comment" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
      <button className="button button--primary" type="button" data-testid="alerts-bulk-ack" disabled={busy} onClick={() => void run('ack')}>
        Acknowledge
      </button>
      <select className="select" data-testid="alerts-bulk-shelve-for" value={shelveFor} onChange={(e) => setShelveFor(e.target.value)}>
        {SHELVE_FOR.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      {shelveFor === 'until' ? <input className="input" type="datetime-local" data-testid="alerts-bulk-until" value={until} onChange={(e) => setUntil(e.target.value)} /> : null}
      <button className="button" type="button" data-testid="alerts-bulk-shelve" disabled={busy} onClick={() => void run('shelve')}>
        Shelve
      </button>
      <InlineError message={error} testId="alerts-bulk-error" />
    </div>
  );
}
