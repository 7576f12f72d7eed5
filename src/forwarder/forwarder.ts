/**
 * The forwarder's two loops, joined only by the spool:
 * - read: sources → records → batches → spool (gzip, fsync). Pauses while the spool is over its
 *   cap (back-pressure: nothing is dropped, the files simply wait on disk).
 * - send: oldest spooled batch → station, one at a time so the station sees lines in order;
 *   deleted after a 2xx, retried with backoff on 408/429/5xx/network trouble, set aside in
 *   rejected/ on any other 4xx.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { retryDelay } from './backoff';
import { Batcher, ndjson } from './batcher';
import { Doorbell, count, formatBytes, formatDuration } from './wait';
import type { ForwarderOptions } from './options';
import { toRecord } from './record';
import { Sender, type LineRefusal } from './sender';
import { FileSet, StreamSource } from './sources';
import { Spool, type SpooledBatch } from './spool';
import { FileRegistry, toPosition } from './file-identity';
import type { FileTailer, TailLine } from './tailer';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Bytes read from one file per turn, so that one busy file does not starve the others. */
const READ_BUDGET = 1024 * 1024;
/** How long an in-flight request may finish after SIGINT/SIGTERM before it is abandoned. */
const STOP_GRACE_MS = 2000;

export interface ForwarderStats {
  readLines: number;
  sentLines: number;
  sentBatches: number;
  duplicateBatches: number;
  retries: number;
  rejectedBatches: number;
  rejectedLines: number;
}

export interface ForwarderIo {
  stdin?: Readable;
  /** One line for the operator (stderr). */
  log: (message: string) => void;
}

type Mark = TailLine;

export class Forwarder {
  readonly stats: ForwarderStats = { readLines: 0, sentLines: 0, sentBatches: 0, duplicateBatches: 0, retries: 0, rejectedBatches: 0, rejectedLines: 0 };
  private stopping = false;
  private inputDone = false;
  private readonly sendBell = new Doorbell();
  private readonly stopWaiters = new Set<() => void>();
  /** Set when a loop failed unexpectedly (the forwarder then stops; the CLI exits 1). */
  failure: Error | undefined;
  private readonly readErrors = new Map<string, string>();
  private readonly abort = new AbortController();
  private readonly batcher: Batcher<Mark>;
  private readonly sender: Sender;
  private files: FileSet | undefined;
  private stream: StreamSource | undefined;
  private failingSince: number | undefined;
  private paused = false;

  private constructor(
    private readonly opts: ForwarderOptions,
    private readonly spool: Spool,
    private readonly io: ForwarderIo,
    private readonly readBell: Doorbell,
  ) {
    this.batcher = new Batcher<Mark>({ maxLines: opts.batchLines, maxBytes: opts.batchBytes, flushIntervalMs: opts.flushIntervalMs });
    this.sender = new Sender({ url: opts.url, token: opts.token, timeoutMs: opts.timeoutMs });
  }

  /** Open the spool (taking its lock) and the sources. */
  static async create(opts: ForwarderOptions, io: ForwarderIo): Promise<Forwarder> {
    // The read loop sleeps while the spool is full; a batch leaving it wakes the loop.
    const readBell = new Doorbell();
    const spool = await Spool.open(opts.spoolDir, { maxBytes: opts.spoolMaxBytes, onDrain: () => readBell.ring(), log: io.log });
    const fwd = new Forwarder(opts, spool, io, readBell);
    try {
      await fwd.openSources();
    } catch (e) {
      await spool.close();
      throw e;
    }
    return fwd;
  }

  get endpoint(): string {
    return this.sender.endpoint.href;
  }

  get pendingBatches(): number {
    return this.spool.pending.length;
  }

  /** Run until stop(), or until stdin ended and every batch was delivered or set aside. */
  async run(): Promise<void> {
    const status = this.opts.verbose ? setInterval(() => this.io.log(this.statusLine()), this.opts.statusIntervalMs) : undefined;
    try {
      const guard = (loop: Promise<void>) =>
        loop.catch((e: Error) => {
          this.io.log(`internal error, stopping: ${e.stack ?? e.message}`);
          this.failure ??= e;
          this.stop();
        });
      await Promise.all([guard(this.readLoop()), guard(this.sendLoop())]);
    } finally {
      clearInterval(status);
      await this.files?.close();
      this.stream?.stop();
      await this.spool.close();
    }
  }

  /** Stop reading, spool the open batch, let an in-flight request finish briefly, return from run(). */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.readBell.ring();
    this.sendBell.ring();
    for (const wake of this.stopWaiters) wake();
    setTimeout(() => this.abort.abort(), STOP_GRACE_MS).unref();
  }

  statusLine(): string {
    const s = this.stats;
    return (
      `status: read ${count(s.readLines, 'line')}, sent ${count(s.sentLines, 'line')} in ${count(s.sentBatches, 'batch', 'batches')} (${s.duplicateBatches} already stored), ` +
      `pending ${count(this.spool.pending.length, 'batch', 'batches')} (${formatBytes(this.spool.pendingBytes)}), retries ${s.retries}, ` +
      `rejected ${count(s.rejectedBatches, 'batch', 'batches')} + ${count(s.rejectedLines, 'line')}${this.paused ? ', reading paused (spool full)' : ''}`
    );
  }

  private async openSources(): Promise<void> {
    if (this.opts.retryRejected) {
      const n = await this.spool.requeueRejected();
      if (n > 0) this.io.log(`${count(n, 'rejected batch', 'rejected batches')} put back in the queue`);
    }
    if (this.opts.files.length > 0) {
      const registry = new FileRegistry();
      for (const p of this.spool.positions.values()) registry.remember(p);
      this.files = new FileSet(this.opts.files, {
        startAt: this.opts.fromStart ? 'start' : 'end',
        registry,
        resume: this.spool.positions,
        onOpen: (pos) => void this.spool.notePosition(pos).catch((e: Error) => this.io.log(`could not save a file position: ${e.message}`)),
        log: this.opts.verbose ? this.io.log : undefined,
      });
      await this.files.start();
    }
    if (this.opts.stdin) this.stream = new StreamSource(this.io.stdin ?? process.stdin, () => this.readBell.ring());
  }

  /** Wait `ms`, or less if we are told to stop. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopWaiters.add(done);
    });
  }

  /** One file's new lines; a file we cannot read now (permissions, I/O) is said once and tried again later. */
  private async readFile(path: string, tailer: FileTailer): Promise<TailLine[]> {
    try {
      const lines = await tailer.read(READ_BUDGET);
      if (this.readErrors.delete(path)) this.io.log(`${path}: readable again`);
      return lines;
    } catch (e) {
      const why = (e as Error).message;
      if (this.readErrors.get(path) !== why) this.io.log(`${path}: cannot read (${why}); trying again`);
      this.readErrors.set(path, why);
      return [];
    }
  }

  private addLine(text: string, key?: string, mark?: Mark): void {
    this.stats.readLines++;
    const record = toRecord(text, this.opts.record, Date.now());
    if (record === null) {
      if (key !== undefined && mark !== undefined) this.batcher.mark(key, mark);
      return;
    }
    this.batcher.add(record, key, mark);
  }

  private async readLoop(): Promise<void> {
    while (!this.stopping) {
      await this.waitForRoom();
      if (this.stopping) break;
      let got = 0;
      for (const [path, tailer] of this.files?.tailers ?? []) {
        const lines = await this.readFile(path, tailer);
        for (const line of lines) this.addLine(line.text, path, line);
        got += lines.length;
        await this.spoolCompleted();
        if (this.stopping) break;
      }
      if (this.stream) {
        const lines = this.stream.read(this.opts.batchLines * 2);
        for (const line of lines) this.addLine(line.text);
        got += lines.length;
      }
      await this.files?.rescan();
      if (this.batcher.due()) this.batcher.complete();
      const ended = !this.files && this.stream?.finished === true;
      if (ended) this.batcher.complete();
      await this.spoolCompleted();
      if (ended) {
        this.inputDone = true;
        this.sendBell.ring();
        return;
      }
      if (got === 0) await this.readBell.wait(Math.min(this.opts.pollIntervalMs, this.batcher.msUntilDue()));
    }
    this.batcher.complete();
    await this.spoolCompleted();
  }

  /** Back-pressure: while the spool is at its cap, wait (lines stay in the files, or in stdin's pipe). */
  private async waitForRoom(): Promise<void> {
    while (this.spool.full && !this.stopping) {
      if (!this.paused) {
        this.io.log(`the spool holds ${formatBytes(this.spool.pendingBytes)} (cap ${formatBytes(this.opts.spoolMaxBytes)}): reading paused until the station takes batches`);
      }
      this.paused = true;
      await this.readBell.wait(this.opts.pollIntervalMs);
    }
    if (this.paused && !this.spool.full) {
      this.io.log('spool below its cap: reading again');
      this.paused = false;
    }
  }

  /**
   * Write completed batches to the spool, each only once there is room (so the cap is passed by
   * one batch at most; when stopping, everything goes in). A failing disk pauses, never drops.
   */
  private async spoolCompleted(): Promise<void> {
    for (const batch of this.batcher.take()) {
      await this.waitForRoom();
      const body = await gzipAsync(Buffer.from(ndjson(batch)));
      const marks = [...batch.marks].map(([path, line]) => toPosition(path, line.file, line.end));
      for (let attempt = 0; ; attempt++) {
        try {
          await this.spool.add(body, batch.records.length, marks);
          break;
        } catch (e) {
          const why = (e as Error).message;
          if (this.stopping && attempt > 0) {
            this.io.log(`could not spool ${count(batch.records.length, 'line')} while stopping (${why}): lines from files are read again at the next start, lines from stdin are lost`);
            return;
          }
          this.io.log(`could not write a batch to the spool (${why}); retrying`);
          await this.sleep(Math.min(30_000, 1000 * 2 ** attempt));
        }
      }
      this.sendBell.ring();
    }
  }

  private async sendLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopping) {
      const batch = this.spool.pending[0];
      if (!batch) {
        if (this.inputDone) return;
        await this.sendBell.wait(Infinity);
        continue;
      }
      let data: Awaited<ReturnType<Spool['read']>>;
      try {
        data = await this.spool.read(batch);
      } catch (e) {
        const why = (e as Error).message;
        if ((e as NodeJS.ErrnoException).code !== undefined) {
          // The disk, not the batch (EIO, EMFILE…): try again rather than set a good batch aside.
          this.io.log(`cannot read ${batch.name} from the spool (${why}); trying again`);
          await this.sleep(1000);
          continue;
        }
        const where = await this.spool.reject(batch, `unreadable spool file: ${why}`);
        this.stats.rejectedBatches++;
        this.io.log(`batch ${batch.name} is damaged (${why}); moved to ${where}`);
        continue;
      }
      const outcome = await this.sender.send(data.header.id, data.body, this.abort.signal);
      if (outcome.kind === 'stored') {
        await this.spool.ack(batch);
        attempt = 0;
        this.stats.sentBatches++;
        if (outcome.duplicate) this.stats.duplicateBatches++;
        this.stats.sentLines += data.header.lines;
        if (this.failingSince !== undefined) {
          this.io.log(`the station is taking batches again (after ${formatDuration(Date.now() - this.failingSince)})`);
          this.failingSince = undefined;
        }
        if (outcome.rejected.length > 0) await this.keepRefusedLines(batch, data.body, outcome.rejected);
      } else if (outcome.kind === 'retry') {
        if (this.stopping) return;
        this.stats.retries++;
        const delay = retryDelay(attempt++, outcome.retryAfterMs);
        if (this.failingSince === undefined) {
          this.failingSince = Date.now();
          this.io.log(`cannot deliver to ${this.endpoint}: ${outcome.reason}; retrying with backoff, batches wait in ${this.spool.dir}`);
        } else if (this.opts.verbose) {
          this.io.log(`retry ${attempt} in ${formatDuration(delay)}: ${outcome.reason}`);
        }
        await this.sleep(delay);
      } else {
        const where = await this.spool.reject(batch, `${outcome.reason}\nendpoint: ${this.endpoint}\nbatch id: ${data.header.id}, ${count(data.header.lines, 'line')}`);
        this.stats.rejectedBatches++;
        this.io.log(`the station refused batch ${data.header.id} (${count(data.header.lines, 'line')}) for good: ${outcome.reason}; kept in ${where}`);
        attempt = 0;
      }
    }
  }

  private async keepRefusedLines(batch: SpooledBatch, body: Buffer, refused: LineRefusal[]): Promise<void> {
    this.stats.rejectedLines += refused.length;
    let lines: string[] = [];
    try {
      lines = (await gunzipAsync(body)).toString('utf8').split('\n');
    } catch {
      // the station read it, so this cannot fail; the refusals are still worth keeping
    }
    const where = await this.spool
      .keepRejectedLines(batch, refused.map((r) => ({ ...r, line: lines[r.index] })))
      .catch((e: Error) => `nowhere (${e.message})`);
    const first = refused[0] as LineRefusal;
    this.io.log(`the station refused ${count(refused.length, 'line')} of batch ${batch.id} (first: line ${first.index}: ${first.error}); kept in ${where}`);
  }
}
