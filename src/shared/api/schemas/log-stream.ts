/**
 * The two log streams that are too large or too long-lived for a contract answer: the live
 * tail and the export. HTTP serves them on their own routes (GET /logs/tail, GET /logs/export);
 * the desktop window gets them over dedicated IPC channels. Both validate with these schemas.
 */
import { Type, type Static } from 'typebox';
import { LogQueryFields, type LogEntry } from './logs';

export const LOG_EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type LogExportFormat = (typeof LOG_EXPORT_FORMATS)[number];
export const DEFAULT_EXPORT_LIMIT = 1_000_000;

export const LogExportQuery = Type.Object(
  {
    ...LogQueryFields,
    format: Type.Optional(Type.Enum(LOG_EXPORT_FORMATS, { default: 'ndjson' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000, default: DEFAULT_EXPORT_LIMIT, description: 'most lines to export' })),
  },
  { additionalProperties: false },
);
export type LogExportQuery = Static<typeof LogExportQuery>;

export const LogTailQuery = Type.Object({ ...LogQueryFields }, { additionalProperties: false });
export type LogTailQuery = Static<typeof LogTailQuery>;

/** One message of the live tail. */
export interface LogTailMessage {
  /** Oldest first. */
  lines: LogEntry[];
  /** Matching lines per second at the station, averaged over the last few seconds. */
  matched_per_s: number;
  /** More lines matched than were sent: only the newest were. */
  sampled: boolean;
  skipped: number;
}

/** How far an export has got (sent as it runs) and, with `done`, how it ended. */
export interface LogExportProgress {
  export_id: string;
  lines: number;
  bytes: number;
  /** Lines the export will hold, when the station could count them cheaply. */
  total: number | null;
}

export interface LogExportDone {
  /** null: the operator closed the save dialog, nothing was written. */
  path: string | null;
  lines: number;
  bytes: number;
  cancelled: boolean;
}

/**
 * Counts the records in an export as its text streams by, in chunks cut anywhere. NDJSON: one
 * per newline (JSON escapes newlines inside strings). CSV: a newline outside quotes ends a
 * record (RFC 4180 cells with line breaks are quoted; "" inside quotes flips twice, harmlessly).
 * The CSV header row is not a line of the log, so it is not counted.
 */
export class ExportLineCounter {
  private inQuotes = false;
  private records = 0;
  constructor(private readonly format: LogExportFormat) {}

  add(text: string): number {
    if (this.format === 'ndjson') {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.records++;
      return this.lines;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.inQuotes = !this.inQuotes;
      else if (c === 10 && !this.inQuotes) this.records++;
    }
    return this.lines;
  }

  get lines(): number {
    return this.format === 'csv' ? Math.max(0, this.records - 1) : this.records;
  }
}
