/**
 * Lines read from one syslog source (a TCP connection, or the UDP socket) on their way to the
 * store. They go to the ingest service in batches of at most `maxBatch`, one batch in flight at
 * a time, so `pending` — queued plus in flight — is what the owner bounds: it pauses its socket
 * (TCP) or drops and counts (UDP) above its limit, and resumes on `onProgress`.
 *
 * A batch the store refuses as unavailable (503: disk full, busy) has already left the sender's
 * socket, so it is kept and retried with exponential backoff (`firstDelayMs` doubling up to
 * `maxDelayMs`) while the owner stays paused. Retrying is bounded by `giveUpAfterMs`; after that
 * the batch and everything queued behind it are given up; any other error, or closing, gives up
 * the batch alone. Either way it is reported through `onDropped` — never silently.
 */
import type { LogRecord } from '../core/db/repos/logs';
import type { IngestService } from '../core/ingest/index';
import { isApiError } from '../shared/api/errors';

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 250, maxDelayMs: 5_000, giveUpAfterMs: 120_000 };

export type DropReason = 'storage-unavailable' | 'error' | 'closing';

export interface LineQueueOptions {
  ingest: Pick<IngestService, 'submit'>;
  protocol: 'syslog-udp' | 'syslog-tcp';
  maxBatch: number;
  retry: RetryPolicy;
  /** A batch was committed or given up: pending went down. */
  onProgress?: () => void;
  onStored?: (lines: number) => void;
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void;
  onDropped?: (lines: number, reason: DropReason, error: unknown) => void;
}

export class LineQueue {
  private queue: LogRecord[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private retrying: (() => void) | null = null;
  private closing = false;
  private idle: (() => void)[] = [];

  constructor(private readonly opts: LineQueueOptions) {}

  /** Lines taken from the source and not yet committed (queued + in flight). */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  add(records: LogRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) this.queue.push(r);
    this.pump();
  }

  /** Resolves once nothing is pending. */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Shutting down: commit what is queued, but retry nothing — a batch waiting for storage is given up now. */
  close(): void {
    this.closing = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.retrying?.();
    }
  }

  private pump(): void {
    if (this.inFlight > 0) return;
    if (this.queue.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    const batch = this.queue.length <= this.opts.maxBatch ? this.queue : this.queue.slice(0, this.opts.maxBatch);
    this.queue = batch === this.queue ? [] : this.queue.slice(this.opts.maxBatch);
    this.inFlight = batch.length;
    this.attempt(batch, Date.now(), 0);
  }

  private attempt(batch: LogRecord[], firstTriedAt: number, attempt: number): void {
    this.opts.ingest.submit({ logs: batch, metrics: [], spans: [], rejected: [] }, { protocol: this.opts.protocol }).then(
      () => {
        this.opts.onStored?.(batch.length);
        this.settle();
      },
      (e: unknown) => {
        const unavailable = isApiError(e) && e.code === 'unavailable';
        const { firstDelayMs, maxDelayMs, giveUpAfterMs } = this.opts.retry;
        if (unavailable && !this.closing && Date.now() - firstTriedAt < giveUpAfterMs) {
          const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** attempt);
          this.opts.onRetry?.(e, delay, attempt + 1);
          this.retrying = () => {
            this.retrying = null;
            this.opts.onDropped?.(batch.length, 'closing', e);
            this.settle();
          };
          this.timer = setTimeout(() => {
            this.timer = null;
            this.retrying = null;
            this.attempt(batch, firstTriedAt, attempt + 1);
          }, delay);
          return;
        }
        if (unavailable && !this.closing) {
          // The store has been unavailable for the whole budget: what is queued behind this batch
          // would only wait as long again. Give it up with the batch; later lines start afresh.
          const behind = this.queue.length;
          this.queue = [];
          this.opts.onDropped?.(batch.length + behind, 'storage-unavailable', e);
        } else {
          this.opts.onDropped?.(batch.length, this.closing ? 'closing' : 'error', e);
        }
        this.settle();
      },
    );
  }

  private settle(): void {
    this.inFlight = 0;
    this.opts.onProgress?.();
    this.pump();
  }
}
