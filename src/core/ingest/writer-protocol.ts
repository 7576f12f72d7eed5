/** Messages between the station's thread and the ingest writer thread. */
import type { CommitInfo, WriteBatch, WriteOutcome } from './batch-writer';
import type { Synchronous } from '../db/open';
import type { StagingOptions } from './staged-merge';

export interface WriterThreadOptions {
  dbPath: string;
  nativeBinding?: string | undefined;
  synchronous: Synchronous;
  /** Most lines one transaction takes (bounds how long the write lock is held). */
  maxLinesPerCommit: number;
  /** When metric batches are staged and moved (staged-merge.ts); its defaults when absent. */
  staging?: StagingOptions;
}

export type ToWriter =
  /** The batch's metric samples travel packed (`batch.packed`, see metric-pack.ts) when many. */
  | { type: 'write'; id: number; batch: WriteBatch; now: number }
  | { type: 'pragma'; id: number; pragma: string }
  /** Retention: delete these lines in one short transaction of their own. */
  | { type: 'delete-logs'; id: number; ids: number[] }
  /** Make every staged sample visible now; answered with 'visible'. */
  | { type: 'merge'; id: number }
  | { type: 'close'; id: number };

export type FromWriter =
  /** `staged`: samples a crash left staged, moved right after (see staged-merge.ts). */
  | { type: 'ready'; staged: number }
  /** `staged`: samples committed to staging and not yet visible, after this commit. */
  | { type: 'done'; ids: number[]; outcomes: WriteOutcome[]; info: CommitInfo; staged: number }
  | { type: 'failed'; ids: number[]; error: { code: string | undefined; message: string } }
  /** Staged samples became visible (`info.samples` of them; already counted when staged). */
  | { type: 'merged'; info: CommitInfo; staged: number }
  | { type: 'visible'; id: number; error?: string }
  | { type: 'pragma-result'; id: number; value: unknown; error?: string }
  | { type: 'deleted-logs'; id: number; deleted: number; error?: string }
  | { type: 'closed'; id: number };
