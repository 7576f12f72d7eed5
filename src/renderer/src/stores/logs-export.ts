/**
 * The Logs page's export to a file (desktop save dialog, or a fetched download on a station that
 * wants a token): one export at a time, its progress, and how it ended. The transport-specific
 * work is in api/log-export.ts; this store only tracks it.
 */
import { create } from 'zustand';
import type { LogExportFormat } from '../../../shared/api/schemas/log-stream';
import type { ExportProgress, ExportRun, StartExport } from '../api/log-export';
import { toQueryFields, type LogQuery } from './logs-query';

export type ExportStatus = 'idle' | 'running' | 'saved' | 'cancelled' | 'error';

export interface LogsExportState {
  status: ExportStatus;
  format: LogExportFormat | null;
  progress: ExportProgress | null;
  /** Where it went: the saved file's name (and full path in the desktop app). */
  fileName: string | null;
  path: string | null;
  error: string | null;
  start(query: LogQuery, format: LogExportFormat): Promise<void>;
  cancel(): void;
  /** Hide the finished export's notice. */
  dismiss(): void;
}

const idle = { status: 'idle' as ExportStatus, format: null, progress: null, fileName: null, path: null, error: null };

export function createLogsExportStore(startExport: StartExport) {
  let current: ExportRun | null = null;

  return create<LogsExportState>()((set, get) => ({
    ...idle,

    async start(query, format) {
      if (get().status === 'running') return;
      set({ ...idle, status: 'running', format });
      const run = startExport({ ...toQueryFields(query) }, format, (progress) => {
        if (current === run) set({ progress });
      });
      current = run;
      try {
        const outcome = await run.done;
        if (current !== run) return;
        if (outcome.kind === 'saved') {
          const progress = { lines: outcome.lines, bytes: outcome.bytes, total: get().progress?.total ?? null };
          set({ status: 'saved', fileName: outcome.fileName, path: outcome.path, progress });
        } else if (outcome.kind === 'cancelled') set({ status: 'cancelled' });
        else set(idle);
      } catch (e) {
        if (current === run) set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
      } finally {
        if (current === run) current = null;
      }
    },

    cancel() {
      current?.cancel();
    },

    dismiss() {
      if (get().status !== 'running') set(idle);
    },
  }));
}

export type LogsExportStore = ReturnType<typeof createLogsExportStore>;
