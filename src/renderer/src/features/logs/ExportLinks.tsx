import { transportKind } from '../../api';
import type { LogQuery } from '../../stores/logs-query';
import { exportHref } from './export-link';

/**
 * Download every line the search matches. Only in the web console: the desktop window talks IPC
 * and has no HTTP origin to link to (a save dialog in the shell can come later).
 */
export function ExportLinks({ query }: { query: LogQuery }) {
  if (transportKind !== 'http') return null;
  return (
    <span className="logs-export">
      Export
      <a className="button button--small" data-testid="logs-export-ndjson" href={exportHref(query, 'ndjson')} download>
        NDJSON
      </a>
      <a className="button button--small" data-testid="logs-export-csv" href={exportHref(query, 'csv')} download>
        CSV
      </a>
    </span>
  );
}
