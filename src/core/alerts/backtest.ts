/**
 * Backtest jobs: replay a rule (saved or not) over stored history and report when it would have
 * fired and resolved, with the measured values for a timeline chart. Callers start a job, poll
 * it and may cancel it; the job's record lives here (the last KEEP_JOBS are kept).
 *
 * In the station each job runs on its own worker thread (backtest-thread.ts) with a read-only
 * connection, so days of history never block ingest, HTTP or the UI. Without threads (unit tests
 * of the engine) the same `replayRule` runs inline in 25 ms slices. At most `running` jobs run at
 * once (default 2: the machine's cores are shared with ingest and queries); up to `queued` more
 * wait (shown as running at 0 %); beyond that a start is refused with 429, so a client that
 * loops on "start" cannot pile up threads.
 *
 * Cancelling sets a shared flag the thread reads between evaluations and inside log scans; a
 * thread that has not stopped within `graceMs` (e.g. deep in one metric read) is terminated.
 * A thread that crashes ends its job as failed with the reason; the station carries on.
 */
import type { Worker } from 'node:worker_threads';
import type { Backtest } from '../../shared/api/schemas/alerts';
import { ApiError } from '../../shared/api/errors';
import { startWorkerThread } from '../worker-thread-entry';
import type { BacktestThreadData, FromBacktestThread } from './backtest-protocol';
import { replayRule, type BacktestRule, type ReplayDelta } from './backtest-replay';
import type { KindContext } from './kinds/types';

export type { BacktestRule } from './backtest-replay';

const MAX_POINTS = 20_000;
const KEEP_JOBS = 20;

export interface BacktestThreadOptions {
  dbPath: string;
  nativeBinding?: string | undefined;
  /** How long a cancelled thread may take to stop by itself before it is terminated (default 2000). */
  graceMs?: number;
  onError?: (e: Error) => void;
  /** Starts the thread; tests substitute a thread that misbehaves. */
  spawn?: (data: BacktestThreadData) => Worker;
}

export interface BacktestLimits {
  running: number;
  queued: number;
}

export interface BacktestStats {
  running: number;
  queued: number;
  /** Backtest threads alive right now (a cancelled one counts until it has exited). */
  threads: number;
  crashed_total: number;
  terminated_total: number;
}

interface Job {
  result: Backtest;
  rule: BacktestRule;
  /** Int32 over shared memory: 1 = stop. */
  cancel: Int32Array;
  /** Holds one of the `running` slots (until its thread has exited, or its inline replay returned). */
  slot: boolean;
  worker: Worker | null;
  graceTimer?: NodeJS.Timeout;
}

/** A copy the caller may serialise while the job goes on appending. */
const snapshot = (r: Backtest): Backtest => ({ ...r, points: [...r.points], events: [...r.events] });

export class BacktestRunner {
  private readonly jobs = new Map<number, Job>();
  private readonly queue: Job[] = [];
  private readonly workers = new Set<Worker>();
  private nextId = 1;
  private running = 0;
  private threads: BacktestThreadOptions | null = null;
  private closed = false;
  private crashed = 0;
  private terminated = 0;

  constructor(
    private readonly ctx: () => KindContext,
    private readonly limits: BacktestLimits = { running: 2, queued: 4 },
  ) {}

  /** From now on, jobs run on worker threads over the database file at `dbPath` (the station's). */
  runOnThreads(opts: BacktestThreadOptions): void {
    this.threads = opts;
  }

  /** Starts a job and returns its first snapshot; poll with get(). */
  start(rule: BacktestRule, from: number, to: number, stepMs: number): Backtest {
    if (this.closed) throw new ApiError('unavailable', 'station is shutting down', 5);
    if (this.running >= this.limits.running && this.queue.length >= this.limits.queued) {
      throw new ApiError('too_many_requests', `${this.running + this.queue.length} backtests are running or waiting; wait for one to finish or cancel one`, 5);
    }
    // Never more than MAX_POINTS evaluations: widen the step for long ranges.
    const step = Math.max(stepMs, Math.ceil((to - from) / MAX_POINTS));
    const id = this.nextId++;
    const job: Job = {
      rule,
      cancel: new Int32Array(new SharedArrayBuffer(4)),
      slot: false,
      worker: null,
      result: { id, state: 'running', progress: 0, from, to, step_ms: step, error: null, points: [], events: [], fired: 0, resolved: 0 },
    };
    this.jobs.set(id, job);
    this.prune();
    this.queue.push(job);
    this.pump();
    return snapshot(job.result);
  }

  get(id: number): Backtest | null {
    const job = this.jobs.get(id);
    return job ? snapshot(job.result) : null;
  }

  /** Asks a running job to stop; the snapshot may still say running until it has (normally within ms). */
  cancel(id: number): Backtest | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    if (job.result.state === 'running') this.stop(job, null);
    return snapshot(job.result);
  }

  /** Run a job to its end (tests, and callers that want the answer in one go). */
  async wait(id: number): Promise<Backtest | null> {
    for (;;) {
      const job = this.jobs.get(id);
      if (!job || job.result.state !== 'running') return job ? snapshot(job.result) : null;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  stats(): BacktestStats {
    return { running: this.running, queued: this.queue.length, threads: this.workers.size, crashed_total: this.crashed, terminated_total: this.terminated };
  }

  /** Cancels every job and waits for their threads to be gone (before the station closes its database). */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) if (job.result.state === 'running') this.stop(job, 'the station shut down');
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private stop(job: Job, reason: string | null): void {
    Atomics.store(job.cancel, 0, 1);
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.end(job, 'cancelled', reason);
      return;
    }
    if (reason) this.end(job, 'cancelled', reason);
    const worker = job.worker;
    if (!worker || job.graceTimer) return;
    job.graceTimer = setTimeout(() => {
      // It did not stop by itself (one long read): report it stopped now, free the slot on 'exit'.
      this.terminated++;
      this.end(job, 'cancelled', null);
      void worker.terminate();
    }, this.threads?.graceMs ?? 2000);
    job.graceTimer.unref();
  }

  private prune(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEEP_JOBS) return;
      if (job.result.state !== 'running') this.jobs.delete(id);
    }
  }

  private pump(): void {
    while (this.running < this.limits.running && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      job.slot = true;
      this.running++;
      if (this.threads) this.runOnThread(job, this.threads);
      else void this.runInline(job);
    }
  }

  private release(job: Job): void {
    clearTimeout(job.graceTimer);
    if (!job.slot) return;
    job.slot = false;
    this.running--;
    if (!this.closed) this.pump();
  }

  private apply(job: Job, delta: ReplayDelta): void {
    const r = job.result;
    if (r.state !== 'running') return;
    for (const p of delta.points) r.points.push(p);
    for (const e of delta.events) r.events.push(e);
    r.fired += delta.fired;
    r.resolved += delta.resolved;
    r.progress = delta.progress;
  }

  /** The job's outcome; the first one counts (a late message after a terminate is ignored). */
  private end(job: Job, state: 'done' | 'cancelled' | 'failed', error: string | null): void {
    const r = job.result;
    if (r.state !== 'running') return;
    r.state = state;
    r.error = error;
    if (state === 'done') r.progress = 1;
  }

  private async runInline(job: Job): Promise<void> {
    const { from, to, step_ms } = job.result;
    try {
      const cancelled = () => Atomics.load(job.cancel, 0) !== 0;
      const state = await replayRule(this.ctx(), job.rule, { from, to, stepMs: step_ms }, { cancelled, report: (d) => this.apply(job, d) });
      this.end(job, state, null);
    } catch (e) {
      this.end(job, 'failed', e instanceof Error ? e.message : String(e));
    } finally {
      this.release(job);
    }
  }

  private runOnThread(job: Job, opts: BacktestThreadOptions): void {
    const { from, to, step_ms } = job.result;
    const data: BacktestThreadData = { dbPath: opts.dbPath, nativeBinding: opts.nativeBinding, rule: job.rule, range: { from, to, stepMs: step_ms }, cancel: job.cancel.buffer as SharedArrayBuffer };
    let worker: Worker;
    try {
      worker = opts.spawn ? opts.spawn(data) : startWorkerThread(import.meta.url, 'backtest-worker.js', './backtest-thread.ts', data);
    } catch (e) {
      this.end(job, 'failed', `could not start a backtest thread: ${e instanceof Error ? e.message : String(e)}`);
      this.release(job);
      return;
    }
    job.worker = worker;
    this.workers.add(worker);
    worker.on('message', (m: FromBacktestThread) => {
      if (m.type === 'progress') this.apply(job, m.delta);
      else if (m.type === 'end') this.end(job, m.state, null);
      else this.end(job, 'failed', m.message);
    });
    worker.on('error', (e) => {
      // An uncaught throw in the thread (it then exits): the job fails, the station carries on.
      this.crashed++;
      opts.onError?.(e);
      this.end(job, 'failed', `the backtest thread crashed: ${e.message}`);
    });
    worker.on('exit', (code) => {
      this.workers.delete(worker);
      job.worker = null;
      if (Atomics.load(job.cancel, 0) !== 0) this.end(job, 'cancelled', null);
      else if (job.result.state === 'running') {
        this.crashed++;
        this.end(job, 'failed', `the backtest thread stopped (exit code ${code}) before finishing; try again or narrow the range`);
      }
      this.release(job);
    });
  }
}
