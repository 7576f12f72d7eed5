import type { LogEntry } from '../../../../shared/api/schemas/logs';
import { InlineError } from '../../components/Feedback';
import { LevelBadge } from '../../components/LevelBadge';
import { cssToken } from '../../lib/enums';
import { formatTimestamp } from '../../lib/format';
import { useLogAnalysisStore } from '../../stores';

function ContextLine({ entry, anchor }: { entry: LogEntry; anchor?: boolean }) {
  return (
    <li
      className={`log-context__line level-row--${cssToken(entry.level)}${anchor ? ' log-context__line--anchor' : ''}`}
      data-testid="logs-context-line"
      data-id={entry.id}
      data-anchor={anchor ? 'true' : undefined}
      aria-current={anchor ? 'true' : undefined}
    >
      <span className="log-context__time">{formatTimestamp(entry.timestamp)}</span>
      <LevelBadge level={entry.level} />
      <span className="log-context__message">{entry.message}</span>
    </li>
  );
}

/** The lines logged just before and after one line by the same service on the same spacecraft. */
export function LogContextPanel({ id }: { id: number }) {
  const view = useLogAnalysisStore((s) => s.contexts[id]);
  if (!view) return null;
  const data = view.data;
  return (
    <div className="log-context" data-testid="logs-context" data-status={view.status}>
      <div className="log-details__label">
        context · same service and spacecraft
        {data ? ` · ${data.before.length} before, ${data.after.length} after` : ''}
      </div>
      {view.status === 'loading' && !data ? <div className="log-context__note">Loading…</div> : null}
      <InlineError message={view.error} />
      {data ? (
        <ol className="log-context__lines">
          {data.before.length === 0 ? <li className="log-context__note">nothing earlier</li> : null}
          {data.before.map((e) => (
            <ContextLine key={e.id} entry={e} />
          ))}
          <ContextLine entry={data.anchor} anchor />
          {data.after.map((e) => (
            <ContextLine key={e.id} entry={e} />
          ))}
          {data.after.length === 0 ? <li className="log-context__note">nothing later</li> : null}
        </ol>
      ) : null}
    </div>
  );
}
