/**
 * A small pool of query threads with a queue and a time limit per query.
 *
 * A query that runs past `timeoutMs` is answered at once with `tooExpensive(ms)`. Its thread
 * gets `graceMs` to stop by itself (the SQL deadline guard, see query-thread.ts) and is then
 * reused; a thread that does not stop in time is terminated and replaced, so a runaway query
 * never holds a slot. The other threads keep answering the queue meanwhile.
 */
import type { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/api/errors';
import type { FromQueryThread, SlowQueryInfo } from './protocol';

export interface QueryPoolOptions {
  /** Threads (each with its own connection and page cache). */
  size: number;
  timeoutMs: number;
  spawn: () => Worker;
  /** The error a caller gets when its query ran past the limit. */
  tooExpensive: (timeoutMs: number) => ApiError;
  /** How long an overrunning thread may take to stop its query before it is terminated. */
  graceMs?: number;
  /** Queries waiting for a thread beyond this are refused (429) instead of queued. */
  maxQueued?: number;
  onSlow?: (info: SlowQueryInfo) => void;
  onError?: (e: Error) => void;
}

interface Job {
  id: number;
  op: string;
  args: unknown[];
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (e: unknown) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker | null;
  ready: boolean;
  job: Job | null;
  /** The id of a query answered as too expensive whose thread is still running it. */
  overrun: number | null;
  graceTimer?: NodeJS.Timeout;
}

export interface QueryPoolStats {
  queued: number;
  running: number;
  cancelled_total: number;
  restarts_total: number;
}

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private cancelled = 0;
  private restarts = 0;
  private lastSpawnError: Error | null = null;

  private constructor(private readonly opts: QueryPoolOptions) {}

  /** Start every thread and wait until each has opened its connection (fails fast on a bad setup). */
  static async start(opts: QueryPoolOptions): Promise<QueryPool> {
    const pool = new QueryPool(opts);
    try {
      await Promise.all(Array.from({ length: Math.max(1, opts.size) }, () => pool.addSlot()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get stats(): QueryPoolStats {
    return {
      queued: this.queue.length,
      running: this.slots.filter((s) => s.job).length,
      cancelled_total: this.cancelled,
      restarts_total: this.restarts,
    };
  }

  run(op: string, args: unknown[], timeoutMs = this.opts.timeoutMs): Promise<unknown> {
    if (this.closed) return Promise.reject(new ApiError('unavailable', 'station is shutting down', 5));
    if (this.queue.length >= (this.opts.maxQueued ?? 1000)) {
      return Promise.reject(new ApiError('too_many_requests', 'too many queries are waiting; retry in a moment', 1));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, args, timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new ApiError('unavailable', 'station is shutting down', 5);
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.map(async (slot) => {
        clearTimeout(slot.graceTimer);
        if (slot.job) this.finish(slot, slot.job)?.reject(err);
        const w = slot.worker;
        slot.worker = null;
        await w?.terminate();
      }),
    );
  }

  private addSlot(): Promise<void> {
    const slot: Slot = { worker: null, ready: false, job: null, overrun: null };
    this.slots.push(slot);
    return this.startWorker(slot);
  }

  private startWorker(slot: Slot): Promise<void> {
    const worker = this.opts.spawn();
    slot.worker = worker;
    slot.ready = false;
    slot.overrun = null;
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromQueryThread) => {
        if (slot.worker !== worker) return;
        if (m.type === 'ready') {
          slot.ready = true;
          this.lastSpawnError = null;
          resolve();
          this.dispatch();
        } else {
          this.receive(slot, m);
        }
      });
      worker.on('error', (e) => {
        if (slot.worker !== worker) return;
        if (!slot.ready) {
          this.lastSpawnError = e;
          reject(e);
        }
        this.lost(slot, e);
      });
      worker.on('exit', (code) => {
        if (slot.worker !== worker) return;
        const e = new Error(`query thread exited (code ${code})`);
        if (!slot.ready) {
          this.lastSpawnError = e;
          reject(e);
        }
        this.lost(slot, e);
      });
    });
  }

  /** The thread died on its own (a crash, or it could not open the database). */
  private lost(slot: Slot, e: Error): void {
    slot.worker = null;
    slot.ready = false;
    if (this.closed) return;
    this.opts.onError?.(e);
    const job = slot.job;
    if (job) this.finish(slot, job)?.reject(new ApiError('internal', 'the query thread stopped while running this query'));
    if (this.lastSpawnError && this.slots.every((s) => !s.ready)) {
      // Nothing can serve the queue: say so now rather than let callers wait.
      const err = new ApiError('unavailable', `queries cannot run: ${this.lastSpawnError.message}`, 5);
      for (const queued of this.queue.splice(0)) queued.reject(err);
    }
    // Restart after a pause, so a thread that cannot start does not spin.
    setTimeout(() => this.restart(slot), this.lastSpawnError ? 1000 : 0).unref();
  }

  private restart(slot: Slot): void {
    if (this.closed || slot.worker) return;
    this.restarts++;
    this.startWorker(slot).catch(() => undefined); // reported through 'error'/'exit' → lost()
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.worker || !slot.ready || slot.job || slot.overrun !== null) continue;
      const job = this.queue.shift() as Job;
      slot.job = job;
      job.timer = setTimeout(() => this.overran(slot, job), job.timeoutMs);
      slot.worker.postMessage({ type: 'run', id: job.id, op: job.op, args: job.args, timeoutMs: job.timeoutMs });
    }
  }

  private overran(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.cancelled++;
    this.finish(slot, job)?.reject(this.opts.tooExpensive(job.timeoutMs));
    slot.overrun = job.id;
    const worker = slot.worker;
    slot.graceTimer = setTimeout(() => {
      if (slot.overrun !== job.id || slot.worker !== worker || !worker) return;
      // It did not stop by itself: replace it. (terminate() only returns once SQLite lets go.)
      slot.worker = null;
      slot.ready = false;
      slot.overrun = null;
      void worker.terminate();
      this.restart(slot);
    }, this.opts.graceMs ?? 1000);
  }

  private receive(slot: Slot, m: Exclude<FromQueryThread, { type: 'ready' }>): void {
    if (m.type === 'slow') {
      this.opts.onSlow?.(m.info);
      return;
    }
    if (slot.overrun === m.id) {
      // The overrunning query stopped (or finished) within its grace: the thread is free again.
      clearTimeout(slot.graceTimer);
      slot.overrun = null;
      this.dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    const done = this.finish(slot, job);
    if (m.type === 'result') done?.resolve(m.value);
    else if (m.error.api) done?.reject(ApiError.fromData(m.error.api));
    // Cancelled by its own deadline just before our timer fired: the same answer as the timer's.
    else if (m.error.cancelled) {
      this.cancelled++;
      done?.reject(this.opts.tooExpensive(job.timeoutMs));
    }
    else done?.reject(new Error(m.error.message));
    this.dispatch();
  }

  private finish(slot: Slot, job: Job): Job | null {
    if (slot.job !== job) return null;
    clearTimeout(job.timer);
    slot.job = null;
    return job;
  }
}
