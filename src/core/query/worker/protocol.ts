/** Messages between the station's thread and a query worker thread. */
import type { ErrorData } from '../../../shared/api/errors';

export interface QueryThreadOptions {
  dbPath: string;
  /** better_sqlite3.node for the host runtime's ABI (Electron needs its own build). */
  nativeBinding?: string | undefined;
  /** How long a histogram's exact count may take before it is estimated (default HISTOGRAM_EXACT_MS). */
  histogramExactMs?: number | undefined;
}

export type ToQueryThread = { type: 'run'; id: number; op: string; args: unknown[]; timeoutMs: number };

/** A failure as data: an ApiError keeps its code; `cancelled` means the worker gave up at the deadline. */
export interface QueryFailure {
  api?: ErrorData;
  cancelled?: boolean;
  message: string;
}

export interface SlowQueryInfo {
  label: string;
  ms: number;
  sql: string;
  plan: string[];
}

export type FromQueryThread =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: QueryFailure }
  | { type: 'slow'; info: SlowQueryInfo };
