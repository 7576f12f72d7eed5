/**
 * Groups records into batches of at most `maxLines` lines and `maxBytes` bytes of NDJSON, and
 * says when the oldest record has waited `flushIntervalMs` (the caller seals then). Each batch
 * remembers, per source, the mark of its last record — for files, the offset just after that
 * line — which becomes the resume point once the batch is safely in the spool. The caller
 * seals with complete() when due() says so, and take()s completed batches.
 */

export interface BatchLimits {
  maxLines: number;
  maxBytes: number;
  flushIntervalMs: number;
}

export interface OpenBatch<M> {
  records: string[];
  /** NDJSON bytes: every record plus its newline. */
  bytes: number;
  /** Last mark per source key, in the order sources first appeared. */
  marks: Map<string, M>;
}

export class Batcher<M> {
  private current: OpenBatch<M> = empty();
  private ready: OpenBatch<M>[] = [];
  private startedAt = 0;

  constructor(
    private readonly limits: BatchLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records waiting in the open batch. */
  get size(): number {
    return this.current.records.length;
  }

  /**
   * Add one record; true when batches are ready to take(). The current batch is completed
   * first when this record would push it past maxBytes (a single record larger than maxBytes
   * travels alone), and when it reaches maxLines or maxBytes.
   */
  add(record: string, key?: string, mark?: M): boolean {
    const bytes = Buffer.byteLength(record) + 1;
    if (this.current.records.length > 0 && this.current.bytes + bytes > this.limits.maxBytes) this.complete();
    if (this.current.records.length === 0) this.startedAt = this.now();
    this.current.records.push(record);
    this.current.bytes += bytes;
    if (key !== undefined && mark !== undefined) this.current.marks.set(key, mark);
    if (this.current.records.length >= this.limits.maxLines || this.current.bytes >= this.limits.maxBytes) this.complete();
    return this.ready.length > 0;
  }

  /** Completed batches, oldest first. */
  take(): OpenBatch<M>[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Advance a source's mark without a record (e.g. a line that was empty). */
  mark(key: string, mark: M): void {
    if (this.current.records.length > 0) this.current.marks.set(key, mark);
  }

  /** Whether the oldest waiting record has waited flushIntervalMs. */
  due(): boolean {
    return this.current.records.length > 0 && this.now() - this.startedAt >= this.limits.flushIntervalMs;
  }

  /** Milliseconds until due() (Infinity when empty). */
  msUntilDue(): number {
    if (this.current.records.length === 0) return Infinity;
    return Math.max(0, this.limits.flushIntervalMs - (this.now() - this.startedAt));
  }

  /** Complete the current batch now (flush interval, shutdown, end of input); then take(). */
  complete(): void {
    if (this.current.records.length === 0) return;
    this.ready.push(this.current);
    this.current = empty();
  }
}

function empty<M>(): OpenBatch<M> {
  return { records: [], bytes: 0, marks: new Map() };
}

/** The request body: NDJSON, one record a line. */
export function ndjson(batch: OpenBatch<unknown>): string {
  return batch.records.join('\n') + '\n';
}
