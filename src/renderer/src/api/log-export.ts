/**
 * Exporting matching log lines to a file, with progress and cancel, however the console talks to
 * its station:
 * - desktop window: the bridge asks the main process to show a save dialog and stream the
 *   export into the chosen file; progress arrives as `logs.export` events;
 * - browser against a station that wants a token: a plain link cannot carry the Authorization
 *   header, so the export is fetched with it, counted as it streams, and handed to the browser
 *   as a download when complete;
 * - browser without a token: a plain link (features/logs/ExportControls) lets the browser's
 *   own download manager stream it to disk; nothing here is needed.
 */
import type { Bridge } from '../../../shared/api/bridge';
import { ApiError } from '../../../shared/api/errors';
import { ExportLineCounter, type LogExportFormat } from '../../../shared/api/schemas/log-stream';
import { errorFromResponse, parseJson } from './http-request';

export const EXPORT_PATH = '/logs/export';

export interface ExportProgress {
  lines: number;
  bytes: number;
  /** Lines the export will hold, when the station could count them cheaply. */
  total: number | null;
}

export type ExportOutcome =
  /** `path`: where the desktop app saved it; null in a browser (it went to the downloads). */
  | { kind: 'saved'; path: string | null; fileName: string; lines: number; bytes: number }
  | { kind: 'cancelled' }
  /** The operator closed the save dialog. */
  | { kind: 'dismissed' };

export interface ExportRun {
  /** Rejects with an ApiError when the station refused the export or it broke off. */
  done: Promise<ExportOutcome>;
  cancel(): void;
}

export type StartExport = (fields: Record<string, string | undefined>, format: LogExportFormat, onProgress: (p: ExportProgress) => void) => ExportRun;

export function exportUrl(fields: Record<string, string | undefined>, format: LogExportFormat, baseUrl = ''): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.set(key, value);
  return `${baseUrl}${EXPORT_PATH}?${params.toString()}`;
}

let exportSeq = 0;

export function bridgeExport(bridge: Bridge): StartExport {
  return (fields, format, onProgress) => {
    const id = `exp-${Date.now().toString(36)}-${++exportSeq}`;
    const off = bridge.onEvent((event) => {
      if (event.type === 'logs.export' && event.progress.export_id === id) {
        const { lines, bytes, total } = event.progress;
        onProgress({ lines, bytes, total });
      }
    });
    const done = bridge.exportLogs(id, { ...fields, format }).then(
      (result): ExportOutcome => {
        if (!result.ok) throw ApiError.fromData(result.error);
        const v = result.value;
        if (v.cancelled) return { kind: 'cancelled' };
        if (v.path === null) return { kind: 'dismissed' };
        return { kind: 'saved', path: v.path, fileName: v.path.split(/[\\/]/).pop() ?? v.path, lines: v.lines, bytes: v.bytes };
      },
    );
    void done.finally(off).catch(() => undefined);
    return { done, cancel: () => void bridge.exportCancel(id) };
  };
}

/** `attachment; filename="logs-….csv"` → the name, or a fallback. */
export function fileNameFrom(disposition: string | null, format: LogExportFormat): string {
  const m = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return m?.[1] ?? `logs.${format}`;
}

export interface FetchExportOptions {
  getToken: () => string | null;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** Hands the finished file to the browser; replaceable for tests in node. */
  save?: (blob: Blob, fileName: string) => void;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own reference by now; a minute is generous for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Fetch with the bearer token and stream the body, counting lines as they arrive. The file is
 * held in memory as it arrives (a Blob of the received chunks; Chromium pages large blobs to
 * disk) because a page cannot write to a download progressively without the File System Access
 * API, which Firefox and Safari lack.
 */
export function fetchExport(opts: FetchExportOptions): StartExport {
  return (fields, format, onProgress) => {
    const controller = new AbortController();
    const run = async (): Promise<ExportOutcome> => {
      const token = opts.getToken();
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await (opts.fetchImpl ?? fetch)(exportUrl(fields, format, opts.baseUrl), { headers, signal: controller.signal });
      } catch {
        if (controller.signal.aborted) return { kind: 'cancelled' };
        throw new ApiError('unavailable', 'Cannot reach the Observatory station (network error)');
      }
      if (!response.ok) {
        throw ApiError.fromData(errorFromResponse(response.status, response.statusText, parseJson(await response.text())));
      }
      const totalHeader = response.headers.get('x-total-count');
      const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
      const counter = new ExportLineCounter(format);
      const decoder = new TextDecoder();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      onProgress({ lines: 0, bytes: 0, total });
      if (!response.body) throw new ApiError('internal', 'the station sent no export body');
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value);
          bytes += value.byteLength;
          counter.add(decoder.decode(value, { stream: true }));
          onProgress({ lines: counter.lines, bytes, total });
        }
      } catch {
        if (controller.signal.aborted) return { kind: 'cancelled' };
        // The station cuts the response short (no final chunk) when it fails mid-export.
        throw new ApiError('unavailable', `The export broke off after ${counter.lines} lines; nothing was saved. Try again or narrow the search.`);
      }
      const fileName = fileNameFrom(response.headers.get('content-disposition'), format);
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      (opts.save ?? saveBlob)(new Blob(parts, { type }), fileName);
      return { kind: 'saved', path: null, fileName, lines: counter.lines, bytes };
    };
    return { done: run(), cancel: () => controller.abort() };
  };
}
