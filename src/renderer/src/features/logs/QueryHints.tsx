import type { QueryHint } from '../../stores/logs';

interface QueryHintsProps {
  hints: readonly QueryHint[];
  /** The station's message when it refused the query (400). */
  rejection: string | null;
}

/** What the query parser said about the text: warnings on a search that ran, or why it did not. */
export function QueryHints({ hints, rejection }: QueryHintsProps) {
  if (!rejection && hints.length === 0) return null;
  return (
    <div className="logs-query-hints" aria-live="polite">
      {rejection ? (
        <div className="logs-query-hint logs-query-hint--error" data-testid="logs-query-hint" role="alert">
          {rejection}
        </div>
      ) : null}
      {hints.map((hint, i) => (
        <div key={i} className="logs-query-hint" data-testid="logs-query-hint">
          {hint.position !== null ? <span className="logs-query-hint__at">at {hint.position + 1}: </span> : null}
          {hint.message}
        </div>
      ))}
    </div>
  );
}
