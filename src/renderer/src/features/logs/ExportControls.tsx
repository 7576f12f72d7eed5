import { useShallow } from 'zustand/react/shallow';
import type { LogExportFormat } from '../../../../shared/api/schemas/log-stream';
import { exportNeedsFetch } from '../../api';
import { formatBytes, formatCount } from '../../lib/format';
import { useLogsExportStore } from '../../stores';
import type { LogQuery } from '../../stores/logs-query';
import { exportHref } from './export-link';

const FORMATS: readonly [LogExportFormat, string][] = [
  ['ndjson', 'NDJSON'],
  ['csv', 'CSV'],
];

/**
 * Download every line the search matches. A browser without a token gets plain links (its
 * download manager streams the file to disk); the desktop window (save dialog) and a station
 * that wants a token (the link could not send it) get buttons with progress and cancel.
 */
export function ExportControls({ query }: { query: LogQuery }) {
  const x = useLogsExportStore(
    useShallow((s) => ({ status: s.status, format: s.format, progress: s.progress, fileName: s.fileName, path: s.path, error: s.error })),
  );
  const running = x.status === 'running';
  const lines = x.progress ? formatCount(x.progress.lines) : '0';
  const total = x.progress?.total != null ? ` of ${formatCount(x.progress.total)}` : '';

  return (
    <span className="logs-export" data-testid="logs-export" data-status={x.status}>
      Export
      {FORMATS.map(([format, label]) =>
        exportNeedsFetch() ? (
          <button
            key={format}
            type="button"
            className="button button--small"
            data-testid={`logs-export-${format}`}
            disabled={running}
            onClick={() => void useLogsExportStore.getState().start(query, format)}
          >
            {label}
          </button>
        ) : (
          <a key={format} className="button button--small" data-testid={`logs-export-${format}`} href={exportHref(query, format)} download>
            {label}
          </a>
        ),
      )}
      {running ? (
        <>
          <span className="logs-export__progress" data-testid="logs-export-progress" data-lines={x.progress?.lines ?? 0} role="status">
            {x.format?.toUpperCase()}: {lines}
            {total} lines · {formatBytes(x.progress?.bytes ?? 0)}
          </span>
          <button type="button" className="button button--small" data-testid="logs-export-cancel" onClick={() => useLogsExportStore.getState().cancel()}>
            Cancel
          </button>
        </>
      ) : null}
      {x.status === 'saved' || x.status === 'cancelled' || x.status === 'error' ? (
        <span
          className={`logs-export__result${x.status === 'error' ? ' logs-export__result--error' : ''}`}
          data-testid="logs-export-result"
          data-lines={x.progress?.lines ?? 0}
          role={x.status === 'error' ? 'alert' : 'status'}
          title={x.path ?? undefined}
        >
          {x.status === 'saved' ? `Saved ${lines} lines to ${x.fileName ?? 'the file'}` : x.status === 'cancelled' ? 'Export cancelled; nothing saved' : `Export failed: ${x.error}`}
          <button type="button" className="button button--link" aria-label="Dismiss" onClick={() => useLogsExportStore.getState().dismiss()}>
            ×
          </button>
        </span>
      ) : null}
    </span>
  );
}
