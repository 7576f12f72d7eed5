import { useEffect, useState, type FormEvent } from 'react';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { formatTimestamp } from '../../lib/format';
import { readOperator } from '../../lib/storage';
import { useAlertsStore } from '../../stores';
import { formatMatchers, parseMatchers } from './silence-form';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Maintenance windows: mute notifications of alerts whose labels match, once or every week. */
export function SilencesPanel() {
  const items = useAlertsStore((s) => s.silences);
  const [matchers, setMatchers] = useState('');
  const [ends, setEnds] = useState('now+2h');
  const [comment, setComment] = useState('');
  const [recurring, setRecurring] = useState(false);
  const [days, setDays] = useState<number[]>([2]);
  const [start, setStart] = useState('02:00');
  const [duration, setDuration] = useState('2h');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void useAlertsStore.getState().loadSilences();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseMatchers(matchers);
    if (typeof parsed === 'string') return setError(parsed);
    try {
      setError(null);
      await useAlertsStore.getState().createSilence({
        matchers: parsed,
        ends_at: recurring && ends === 'now+2h' ? 'now+90d' : ends,
        comment: comment.trim() || 'maintenance',
        by: readOperator() || 'operator',
        ...(recurring ? { recurrence: { days, start, duration } } : {}),
      });
      setMatchers('');
      setComment('');
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <div className="panel" data-testid="silences">
      <h2 className="panel__title">Silences</h2>
      <form className="toolbar" onSubmit={submit} data-testid="silence-form">
        <input className="input" data-testid="silence-matchers" placeholder='spacecraft=sc-1, alertname=~"Battery.*"' value={matchers} onChange={(e) => setMatchers(e.target.value)} />
        <input className="input" data-testid="silence-ends" aria-label="Ends" title="Ends: now+2h, an ISO time…" value={ends} onChange={(e) => setEnds(e.target.value)} />
        <input className="input" data-testid="silence-comment" placeholder="Why" value={comment} onChange={(e) => setComment(e.target.value)} />
        <label className="toggle">
          <input type="checkbox" checked={recurring} onChange={(e) => setRecurring(e.target.checked)} /> Weekly
        </label>
        {recurring ? (
          <>
            {DAYS.map((d, i) => (
              <label key={d} className="toggle">
                <input type="checkbox" checked={days.includes(i)} onChange={(e) => setDays(e.target.checked ? [...days, i] : days.filter((x) => x !== i))} />
                {d}
              </label>
            ))}
            <input className="input input--narrow" aria-label="Start (UTC)" value={start} onChange={(e) => setStart(e.target.value)} />
            <input className="input input--narrow" aria-label="Duration" value={duration} onChange={(e) => setDuration(e.target.value)} />
          </>
        ) : null}
        <button className="button" type="submit" data-testid="silence-create">
          Silence
        </button>
      </form>
      <InlineError message={error} testId="silence-error" />
      {items.length ? (
        <table className="table">
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-testid="silence-row" className={s.active_now ? undefined : 'row--muted'}>
                <td className="mono wrap">{formatMatchers(s.matchers)}</td>
                <td>{s.active_now ? <strong>muting now</strong> : s.expired_at !== null ? 'ended' : 'scheduled'}</td>
                <td>
                  {s.recurrence ? `${s.recurrence.days.map((d) => DAYS[d]).join(' ')} ${s.recurrence.start} UTC for ${s.recurrence.duration}, ` : ''}
                  until {formatTimestamp(s.expired_at ?? s.ends_at)}
                </td>
                <td>
                  {s.created_by}: {s.comment}
                </td>
                <td>
                  {s.expired_at === null ? (
                    <button className="button button--small" type="button" onClick={() => void useAlertsStore.getState().expireSilence(s.id, readOperator() || 'operator')}>
                      End now
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
