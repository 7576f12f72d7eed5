/** What the core's thread hands a backtest thread, and what the thread sends back. */
import type { BacktestRule, ReplayDelta, ReplayRange } from './backtest-replay';

export interface BacktestThreadData {
  dbPath: string;
  /** better_sqlite3.node for the host runtime's ABI (Electron needs its own build). */
  nativeBinding?: string | undefined;
  rule: BacktestRule;
  range: ReplayRange;
  /**
   * One Int32 the core's thread sets to 1 to cancel. Shared memory rather than a message: the
   * thread reads it between evaluations without yielding, and from inside SQLite (a guard term on
   * log reads), where a message could not be received until the statement ended.
   */
  cancel: SharedArrayBuffer;
}

export type FromBacktestThread =
  | { type: 'progress'; delta: ReplayDelta }
  | { type: 'end'; state: 'done' | 'cancelled' }
  | { type: 'failed'; message: string };
