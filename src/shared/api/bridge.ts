import type { AppEvent } from './events';
import type { Result } from './errors';
import type { LogExportDone } from './schemas/log-stream';

/**
 * What the preload exposes as `window.mc`: one invoke channel and one event stream, plus the two
 * log streams too long-lived or too large for a contract answer. Their inputs are validated in
 * the main process (src/main/ipc-log-streams.ts) like any other untrusted input.
 */
export interface Bridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Start a live tail (search fields); its lines arrive as `logs.tail` events with this id. */
  tailStart(fields: unknown): Promise<Result<{ subscription: number }>>;
  tailStop(subscription: number): Promise<void>;
  /**
   * Ask where to save, then stream the export into that file; `logs.export` events report
   * progress under `exportId` (chosen by the caller so it can cancel).
   */
  exportLogs(exportId: string, query: unknown): Promise<Result<LogExportDone>>;
  exportCancel(exportId: string): Promise<void>;
}

/** IPC channel names, shared by preload and main. */
export const IPC_INVOKE = 'mc:invoke';
export const IPC_EVENT = 'mc:event';
export const IPC_TAIL_START = 'mc:tail-start';
export const IPC_TAIL_STOP = 'mc:tail-stop';
export const IPC_EXPORT = 'mc:export';
export const IPC_EXPORT_CANCEL = 'mc:export-cancel';
