/**
 * Log export: matching lines as NDJSON or CSV, produced page by page so memory stays flat
 * however many lines match. Each page is read with keyset pagination on (timestamp, id) —
 * oldest first — straight from SQLite's cursor; between pages the generator yields to the
 * event loop, so the shared read connection serves other requests and the consumer can apply
 * back-pressure (it simply stops pulling).
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import type { LogKey, LogsRepo, RawLogRow } from '../db/repos/logs';
import type { LogFilter } from '../query/log-filter';
import { logFilterFrom, type LogQueryInput } from '../handlers/log-filter-input';
import { csvRow } from './csv';

export type ExportFormat = 'ndjson' | 'csv';

export const EXPORT_PAGE_ROWS = 5000;
export const DEFAULT_EXPORT_LIMIT = 1_000_000;

export const CSV_COLUMNS = [
  'id', 'time', 'timestamp', 'level', 'service', 'spacecraft_id', 'source',
  'request_id', 'trace_id', 'span_id', 'message', 'metadata', 'labels', 'created_at',
] as const;

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** `time` is the timestamp in ISO 8601 for people reading the sheet; `timestamp` stays epoch ms. */
export function csvLine(r: RawLogRow): string {
  return csvRow([
    r.id, new Date(r.timestamp).toISOString(), r.timestamp, r.level, r.service, r.spacecraft_id, r.source,
    r.request_id, r.trace_id, r.span_id, r.message, r.metadata, r.labels, r.created_at,
  ]);
}

/**
 * One NDJSON line with the fields of a LogEntry (as logs.search returns them). metadata and
 * labels are spliced in as the JSON text ingest stored, saving a parse and a stringify per row.
 */
export function ndjsonLine(r: RawLogRow): string {
  const s = JSON.stringify;
  return (
    `{"id":${r.id},"timestamp":${r.timestamp},"level":${s(r.level)},"service":${s(r.service)},"message":${s(r.message)},` +
    `"metadata":${r.metadata ?? 'null'},"spacecraft_id":${s(r.spacecraft_id)},"request_id":${s(r.request_id)},` +
    `"trace_id":${s(r.trace_id)},"span_id":${s(r.span_id)},"source":${s(r.source)},"labels":${r.labels ?? 'null'},` +
    `"created_at":${r.created_at}}\n`
  );
}

export interface ExportOptions {
  format: ExportFormat;
  filter: LogFilter;
  /** Most lines to write. */
  limit: number;
  pageRows?: number;
}

/**
 * The export's text in chunks of one page each (a CSV starts with its header row). Stop
 * pulling (or call `return()`, as `for await … break` does) and no further page is read.
 */
export async function* exportChunks(repo: LogsRepo, opts: ExportOptions): AsyncGenerator<string, { rows: number }> {
  const format = opts.format === 'csv' ? csvLine : ndjsonLine;
  const pageRows = opts.pageRows ?? EXPORT_PAGE_ROWS;
  if (opts.format === 'csv') yield csvRow(CSV_COLUMNS);
  let rows = 0;
  let after: LogKey | null = null;
  while (rows < opts.limit) {
    const want = Math.min(pageRows, opts.limit - rows);
    const lines: string[] = [];
    after = repo.exportPage(opts.filter, after, want, (row) => lines.push(format(row)));
    rows += lines.length;
    if (lines.length) yield lines.join('');
    if (after === null || lines.length < want) break;
    // Let HTTP, ingest acknowledgements and other readers in before the next page.
    await nextTick();
  }
  return { rows };
}

export interface LogExportInput extends LogQueryInput {
  format: ExportFormat;
  limit?: number | undefined;
}

export interface LogExport {
  contentType: string;
  filename: string;
  /**
   * Lines the export will hold, when counting was cheap (no full-text terms: an index scan
   * capped at `limit`); null otherwise — a full-text match would then run twice.
   */
  total: number | null;
  chunks: AsyncGenerator<string, { rows: number }>;
}

const fileStamp = (ms: number | null, fallback: string) => (ms === null ? fallback : new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z'));

/**
 * Validate an export request and prepare it. The range ends at `now` when no `to` is given, so
 * lines arriving during a long export do not stretch it; `from` is unbounded by default.
 * Throws bad_request (ApiError) before anything is sent.
 */
export function prepareLogExport(repo: LogsRepo, input: LogExportInput, now: number): LogExport {
  const filter = logFilterFrom(input, now, null, true);
  const limit = input.limit ?? DEFAULT_EXPORT_LIMIT;
  const cheapCount = filter.q === undefined || filter.q.trim() === '';
  return {
    contentType: CONTENT_TYPE[input.format],
    filename: `logs-${fileStamp(filter.from, 'start')}-${fileStamp(filter.to, 'now')}.${input.format}`,
    total: cheapCount ? repo.countUpTo(filter, limit) : null,
    chunks: exportChunks(repo, { format: input.format, filter, limit }),
  };
}
