/** Messages between the station's thread and the ingest writer thread. */
import type { CommitInfo, WriteBatch, WriteOutcome } from './batch-writer';
import type { Synchronous } from '../db/open';
import type { PackedSamples } from './metric-pack';

export interface WriterThreadOptions {
  dbPath: string;
  nativeBinding?: string | undefined;
  synchronous: Synchronous;
  /** Most lines one transaction takes (bounds how long the write lock is held). */
  maxLinesPerCommit: number;
}

export type ToWriter =
  /** `packed`, when present, holds the batch's metric samples (see metric-pack.ts). */
  | { type: 'write'; id: number; batch: WriteBatch; now: number; packed?: PackedSamples }
  | { type: 'pragma'; id: number; pragma: string }
  /** Retention: delete these lines in one short transaction of their own. */
  | { type: 'delete-logs'; id: number; ids: number[] }
  | { type: 'close'; id: number };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'done'; ids: number[]; outcomes: WriteOutcome[]; info: CommitInfo }
  | { type: 'failed'; ids: number[]; error: { code: string | undefined; message: string } }
  | { type: 'pragma-result'; id: number; value: unknown; error?: string }
  | { type: 'deleted-logs'; id: number; deleted: number; error?: string }
  | { type: 'closed'; id: number };
