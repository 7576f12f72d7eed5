/**
 * The station's writer: a Writer whose SQLite work runs on its own thread (writer-thread.ts).
 * Requests wait for their commit exactly as with the in-process writer; a commit's failure is
 * mapped the same way (storage trouble → 503 + Retry-After, a bug → 500).
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../worker-thread-entry';
import { ApiError } from '../../shared/api/errors';
import { recordsIn, toWriteError, type CommitInfo, type WriteBatch, type WriteOutcome, type Writer } from './batch-writer';
import { PACK_MIN, packSamples } from './metric-pack';
import type { FromWriter, ToWriter, WriterThreadOptions } from './writer-protocol';

interface Waiting {
  resolve: (o: WriteOutcome) => void;
  reject: (e: unknown) => void;
  records: number;
}

export class ThreadedWriter implements Writer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private readonly control = new Map<number, (value: unknown) => void>();
  private nextId = 1;
  private closed = false;
  private failure: Error | null = null;
  private pendingRecords = 0;
  /** Samples answered 2xx but still staged on the writer (not yet visible to queries). */
  private staged = 0;
  linesTotal = 0;
  samplesTotal = 0;
  spansTotal = 0;

  private constructor(worker: Worker, private readonly onCommit: (info: CommitInfo) => void, private readonly now: () => number) {
    this.worker = worker;
    worker.on('message', (m: FromWriter) => this.receive(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`ingest writer thread exited (code ${code})`));
    });
  }

  static start(opts: WriterThreadOptions, onCommit: (info: CommitInfo) => void, now: () => number = Date.now): Promise<ThreadedWriter> {
    const worker = startWorkerThread(import.meta.url, 'ingest-writer.js', './writer-thread.ts', opts);
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      worker.once('error', onError);
      worker.once('message', (m: FromWriter) => {
        worker.off('error', onError);
        if (m.type !== 'ready') return reject(new Error(`ingest writer thread said ${m.type} before ready`));
        const writer = new ThreadedWriter(worker, onCommit, now);
        writer.staged = m.staged;
        resolve(writer);
      });
    });
  }

  get queuedRequests(): number {
    return this.waiting.size;
  }

  get queuedRecords(): number {
    return this.pendingRecords;
  }

  write(batch: WriteBatch): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(new ApiError('unavailable', 'station is shutting down', 5));
    if (this.failure) return Promise.reject(new ApiError('unavailable', 'the ingest writer stopped; restart the station', 30));
    if (!batch.idempotency && !batch.logs?.length && !batch.metrics?.length && !batch.spans?.length) {
      return Promise.resolve({ duplicate: false });
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const records = recordsIn(batch);
      this.pendingRecords += records;
      this.waiting.set(id, { resolve, reject, records });
      const metrics = batch.metrics;
      if (metrics && metrics.length >= PACK_MIN) {
        const packed = packSamples(metrics);
        this.worker.postMessage({ type: 'write', id, batch: { ...batch, metrics: undefined, packed }, now: this.now() } satisfies ToWriter, [packed.timestamps.buffer, packed.values.buffer]);
      } else this.post({ type: 'write', id, batch, now: this.now() });
    });
  }

  /** Run a PRAGMA on the writer's own connection (diagnostics; tests simulate a full disk). */
  pragma(pragma: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.control.set(id, (r) => {
        const { value, error } = r as { value: unknown; error?: string };
        if (error) reject(new Error(error));
        else resolve(value);
      });
      this.post({ type: 'pragma', id, pragma });
    });
  }

  /**
   * Resolves once every sample answered so far is visible to queries: immediately unless the
   * writer still holds some staged (staged-merge.ts), else after it has moved them.
   */
  metricsVisible(): Promise<void> {
    if (this.staged === 0 || this.closed || this.failure) return Promise.resolve();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.control.set(id, (r) => {
        const { error } = r as { error?: string };
        if (error) reject(new ApiError('unavailable', `recent samples are not queryable yet: ${error}`, 1));
        else resolve();
      });
      this.post({ type: 'merge', id });
    });
  }

  /** Delete log lines by id on the writer's connection, one short transaction (retention). */
  deleteLogs(ids: number[]): Promise<number> {
    if (this.closed) return Promise.reject(new ApiError('unavailable', 'station is shutting down', 5));
    if (this.failure) return Promise.reject(new ApiError('unavailable', 'the ingest writer stopped; restart the station', 30));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.control.set(id, (r) => {
        const { deleted, error } = r as { deleted?: number; error?: string };
        if (error) reject(new Error(error));
        else resolve(deleted ?? 0);
      });
      this.post({ type: 'delete-logs', id, ids });
    });
  }

  /** Commit what is queued, close the connection, end the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failure) return;
    const id = this.nextId++;
    await new Promise((resolve) => {
      this.control.set(id, resolve);
      this.post({ type: 'close', id });
    });
    await this.worker.terminate();
  }

  private post(m: ToWriter): void {
    this.worker.postMessage(m);
  }

  private receive(m: FromWriter): void {
    switch (m.type) {
      case 'done':
        this.staged = m.staged;
        this.linesTotal += m.info.lines;
        this.samplesTotal += m.info.samples;
        this.spansTotal += m.info.spans;
        m.ids.forEach((id, i) => this.take(id)?.resolve(m.outcomes[i] as WriteOutcome));
        this.onCommit(m.info);
        break;
      case 'failed': {
        const err = toWriteError(Object.assign(new Error(m.error.message), { code: m.error.code }));
        for (const id of m.ids) this.take(id)?.reject(err);
        break;
      }
      case 'merged':
        this.staged = m.staged;
        this.onCommit(m.info);
        break;
      case 'visible':
        this.control.get(m.id)?.(m);
        this.control.delete(m.id);
        break;
      case 'pragma-result':
        this.control.get(m.id)?.(m);
        this.control.delete(m.id);
        break;
      case 'deleted-logs':
        this.control.get(m.id)?.(m);
        this.control.delete(m.id);
        break;
      case 'closed':
        this.control.get(m.id)?.(undefined);
        this.control.delete(m.id);
        break;
      case 'ready':
        break;
    }
  }

  private take(id: number): Waiting | undefined {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    if (w) this.pendingRecords -= w.records;
    return w;
  }

  private fail(e: Error): void {
    this.failure = e;
    const err = new ApiError('unavailable', 'the ingest writer stopped; the batch was not stored', 30);
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    this.pendingRecords = 0;
    for (const c of this.control.values()) c({ value: null, error: e.message });
    this.control.clear();
  }
}
