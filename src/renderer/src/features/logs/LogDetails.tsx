import { useState } from 'react';
import type { LogEntry } from '../../../../shared/api/schemas/logs';
import { copyText } from '../../lib/clipboard';
import { formatTimestamp } from '../../lib/format';
import { useLogAnalysisStore } from '../../stores';
import { correlationQuery } from '../../stores/logs-query-text';
import { LogContextPanel } from './LogContextPanel';
import { searchLogs } from './useLogsUrlSync';

const FIELDS: readonly (keyof LogEntry)[] = [
  'id',
  'level',
  'spacecraft_id',
  'service',
  'source',
  'request_id',
  'trace_id',
  'span_id',
];

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A field's value; request and trace ids link to every line that carries them. */
function FieldValue({ field, value }: { field: keyof LogEntry; value: unknown }) {
  if ((field === 'request_id' || field === 'trace_id') && typeof value === 'string' && value) {
    return (
      <button
        type="button"
        className="button button--link log-details__correlate"
        data-testid="logs-correlate"
        data-field={field}
        title={`Search every line with ${field} ${value}`}
        onClick={() => searchLogs(correlationQuery(field, value))}
      >
        {value}
      </button>
    );
  }
  return <>{show(value)}</>;
}

/** Every field of one line, metadata as pretty JSON, and a way to take the line elsewhere. */
export function LogDetails({ entry }: { entry: LogEntry }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setCopied((await copyText(JSON.stringify(entry, null, 2))) ? 'copied' : 'failed');
  };
  const hasLabels = entry.labels && Object.keys(entry.labels).length > 0;
  const contextOpen = useLogAnalysisStore((s) => s.contexts[entry.id] !== undefined);
  const toggleContext = () => {
    const analysis = useLogAnalysisStore.getState();
    if (contextOpen) analysis.closeContext(entry.id);
    else void analysis.openContext(entry.id);
  };

  return (
    // Clicks inside the details (selecting text, copying) must not collapse the row.
    <div className="log-details" data-testid="logs-details" onClick={(e) => e.stopPropagation()}>
      <div className="log-details__actions">
        <button type="button" className="button button--small" data-testid="logs-copy-json" onClick={copy}>
          Copy as JSON
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="logs-context-button"
          aria-pressed={contextOpen}
          title="The lines just before and after this one from the same service and spacecraft"
          onClick={toggleContext}
        >
          {contextOpen ? 'Hide context' : 'Context'}
        </button>
        {copied !== 'idle' ? (
          <span className="log-details__copied" role="status">
            {copied === 'copied' ? 'Copied' : 'Copy failed — select the text instead'}
          </span>
        ) : null}
      </div>
      <LogContextPanel id={entry.id} />
      <dl className="log-details__fields">
        <div className="log-details__row">
          <dt>timestamp</dt>
          <dd>
            {formatTimestamp(entry.timestamp)} local · {new Date(entry.timestamp).toISOString()} · {entry.timestamp}
          </dd>
        </div>
        {FIELDS.map((field) => (
          <div key={field} className="log-details__row">
            <dt>{field}</dt>
            <dd>
              <FieldValue field={field} value={entry[field]} />
            </dd>
          </div>
        ))}
        <div className="log-details__row">
          <dt>received</dt>
          <dd>{formatTimestamp(entry.created_at)}</dd>
        </div>
      </dl>
      <div className="log-details__block">
        <div className="log-details__label">message</div>
        <pre className="log-details__pre">{entry.message}</pre>
      </div>
      {hasLabels ? (
        <div className="log-details__block">
          <div className="log-details__label">labels</div>
          <pre className="log-details__pre">{JSON.stringify(entry.labels, null, 2)}</pre>
        </div>
      ) : null}
      <div className="log-details__block">
        <div className="log-details__label">metadata</div>
        <pre className="log-details__pre" data-testid="logs-metadata">
          {entry.metadata === null || entry.metadata === undefined ? 'null' : JSON.stringify(entry.metadata, null, 2)}
        </pre>
      </div>
    </div>
  );
}
