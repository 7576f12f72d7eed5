import { useState, type FormEvent } from 'react';
import type { Alert } from '../../../../shared/api/schemas/alerts';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { readOperator, writeOperator } from '../../lib/storage';
import { useAlertsStore } from '../../stores';

/** Who acknowledges and why. The name is remembered: it is the same operator all shift. */
export function AckForm({ alert, onDone }: { alert: Alert; onDone(): void }) {
  const [by, setBy] = useState(readOperator);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!by.trim()) {
      setError('Enter who is acknowledging.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      writeOperator(by);
      await useAlertsStore.getState().acknowledge({
        id: alert.id,
        by: by.trim(),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form className="ack-form" data-testid="alert-ack-form" onSubmit={submit}>
      <input
        className="input"
        data-testid="alert-ack-by"
        aria-label="Acknowledged by"
        placeholder="Your name"
        value={by}
        maxLength={100}
        onChange={(e) => setBy(e.target.value)}
        autoFocus
      />
      <input
        className="input ack-form__comment"
        data-testid="alert-ack-comment"
        aria-label="Comment"
        placeholder="Comment (optional): what you are doing about it"
        value={comment}
        maxLength={2000}
        onChange={(e) => setComment(e.target.value)}
      />
      <button className="button button--primary" type="submit" data-testid="alert-ack-submit" disabled={busy}>
        {busy ? 'Acknowledging…' : 'Acknowledge'}
      </button>
      <button className="button" type="button" data-testid="alert-ack-cancel" onClick={onDone} disabled={busy}>
        Cancel
      </button>
      <InlineError message={error} testId="alert-ack-error" />
    </form>
  );
}
