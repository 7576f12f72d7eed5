/**
 * The one writer. Requests hand it validated records; it commits everything that arrived in
 * the same turn of the event loop in ONE transaction (group commit), and only then resolves
 * each request's promise — so a 2xx always means "committed". A failed commit rejects every
 * request of that group with 503 + Retry-After (disk full, busy), never a 4xx. A batch with an
 * idempotency key is recorded in the same transaction; a resend of it stores nothing and gets
 * the first answer back.
 */
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import type { IngestResult } from '../../shared/api/schemas/logs';
import type { SpacecraftRepo } from '../db/repos/fleet';
import type { IngestRepo, SpanRecord } from '../db/repos/ingest';
import type { LogRecord, LogsRepo } from '../db/repos/logs';
import type { MetricSample, MetricsRepo } from '../db/repos/metrics';
import { telemetryBySpacecraft } from '../monitoring/telemetry-contact';
import { TouchedCollector, type CommitTouched } from './commit-touched';
import type { PackedSamples } from './metric-pack';

export interface WriteBatch {
  logs?: LogRecord[];
  metrics?: MetricSample[];
  /** Metric samples as they cross to the writer thread (metric-pack.ts), instead of `metrics`. */
  packed?: PackedSamples;
  spans?: SpanRecord[];
  /** Makes a resend a no-op; `result` is what is answered now and to every resend. */
  idempotency?: { key: string; result: IngestResult } | undefined;
}

/** What the request is told: its own result, or the first answer to the same key. */
export type WriteOutcome = { duplicate: false } | { duplicate: true; previous: IngestResult };

interface Pending {
  batch: WriteBatch;
  resolve: (o: WriteOutcome) => void;
  reject: (e: unknown) => void;
}

export interface CommitInfo {
  lines: number;
  samples: number;
  spans: number;
  spacecraftIds: string[];
  /** What the commit held, so alert rules it cannot affect are skipped. */
  touched: CommitTouched;
}

export interface WriterRepos {
  logs: LogsRepo;
  metrics: MetricsRepo;
  spacecraft: SpacecraftRepo;
  ingest: IngestRepo;
}

/** What the ingest service needs of a writer, in-process or on its own thread. */
export interface Writer {
  write(batch: WriteBatch): Promise<WriteOutcome>;
  readonly linesTotal: number;
  readonly samplesTotal: number;
  readonly spansTotal: number;
  /** Requests waiting for a commit (a back-pressure signal). */
  readonly queuedRequests: number;
  /** Records (lines, samples, spans) waiting for a commit. */
  readonly queuedRecords: number;
  /** Resolves once every sample answered so far can be read (see ThreadedWriter). */
  metricsVisible(): Promise<void>;
  close(): void | Promise<void>;
}

/** The writer on the caller's thread (tests, tools); the station uses ThreadedWriter. */
export class BatchWriter implements Writer {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private rollupTimer: NodeJS.Timeout | null = null;
  linesTotal = 0;
  samplesTotal = 0;
  spansTotal = 0;

  constructor(
    private readonly db: Database,
    private readonly repos: WriterRepos,
    private readonly onCommit: (info: CommitInfo) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Rows waiting for the next commit (back-pressure signal). */
  get queuedRequests(): number {
    return this.queue.length;
  }

  get queuedRecords(): number {
    return this.queue.reduce((n, p) => n + recordsIn(p.batch), 0);
  }

  /** Nothing is staged here: a 2xx'd sample is already readable. */
  metricsVisible(): Promise<void> {
    return Promise.resolve();
  }

  write(batch: WriteBatch): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(new ApiError('unavailable', 'station is shutting down', 5));
    if (!batch.idempotency && !batch.logs?.length && !batch.metrics?.length && !batch.spans?.length) {
      return Promise.resolve({ duplicate: false });
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commit whatever is queued now. */
  flush(): void {
    this.scheduled = false;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let result: { outcomes: WriteOutcome[]; info: CommitInfo };
    try {
      result = commitGroup(this.db, this.repos, group.map((p) => p.batch), this.now());
    } catch (e) {
      const err = toWriteError(e);
      for (const p of group) p.reject(err);
      return;
    }
    this.count(result.info);
    group.forEach((p, i) => p.resolve(result.outcomes[i] as WriteOutcome));
    this.onCommit(result.info);
    if (result.info.samples) this.scheduleRollups();
  }

  /** Rebuild rollups of what was ingested, in slices, shortly after (see RollupsRepo). */
  private scheduleRollups(delayMs = 250): void {
    if (this.rollupTimer || this.closed) return;
    this.rollupTimer = setTimeout(() => {
      this.rollupTimer = null;
      try {
        if (this.repos.metrics.rollups.rebuild(50_000) > 0) this.scheduleRollups(0);
      } catch {
        // The dirty marks stay; the next commit schedules another try.
      }
    }, delayMs);
    this.rollupTimer.unref();
  }

  private count(info: CommitInfo): void {
    this.linesTotal += info.lines;
    this.samplesTotal += info.samples;
    this.spansTotal += info.spans;
  }

  /** Stop accepting, commit what is queued. */
  close(): void {
    this.closed = true;
    if (this.rollupTimer) clearTimeout(this.rollupTimer);
    this.flush();
  }
}

export function recordsIn(batch: WriteBatch): number {
  return (batch.logs?.length ?? 0) + samplesIn(batch) + (batch.spans?.length ?? 0);
}

export function samplesIn(batch: WriteBatch): number {
  return (batch.metrics?.length ?? 0) + (batch.packed?.timestamps.length ?? 0);
}

/**
 * One group commit: every batch in one IMMEDIATE transaction, idempotency keys checked and
 * recorded in it, new lines indexed for full-text search in bulk. Packed metric batches of at
 * least `stageMin` samples are staged (MetricsRepo.stage), not inserted: their samples become
 * visible, and are reported in `touched`, when the writer merges them. Throws what SQLite throws.
 */
export function commitGroup(
  db: Database,
  repos: WriterRepos,
  batches: readonly WriteBatch[],
  now: number,
  stageMin = Infinity,
): { outcomes: WriteOutcome[]; info: CommitInfo; staged: number } {
  let staged = 0;
  const contact = new Map<string, number>();
  const touched = new TouchedCollector();
  const outcomes: WriteOutcome[] = [];
  let lines = 0;
  let samples = 0;
  let spans = 0;
  try {
    db.transaction(() => {
      repos.metrics.beginBatch();
      const keysNow = new Map<string, IngestResult>();
      const allLogs: LogRecord[] = [];
      for (const batch of batches) {
        const key = batch.idempotency?.key;
        if (key !== undefined) {
          const previous = keysNow.get(key) ?? repos.ingest.previous(key);
          if (previous) {
            outcomes.push({ duplicate: true, previous });
            continue;
          }
          keysNow.set(key, batch.idempotency!.result);
          repos.ingest.recordBatch(key, batch.idempotency!.result, now);
        }
        const logs = batch.logs ?? [];
        for (const r of logs) {
          allLogs.push(r);
          touched.addLog(r);
          // A line stamped in the future (a skewed clock) must not keep a spacecraft "in contact".
          if (r.spacecraft_id) contact.set(r.spacecraft_id, Math.max(contact.get(r.spacecraft_id) ?? 0, Math.min(r.timestamp, now)));
        }
        if (batch.metrics) {
          repos.metrics.insertAll(batch.metrics);
          // Only the name counts for the summary: once per run of one name, not per sample.
          let name: string | null = null;
          for (const s of batch.metrics) {
            if (s.metric_name === name) continue;
            name = s.metric_name;
            touched.addMetric(name);
          }
        }
        const packed = batch.packed;
        if (packed && packed.timestamps.length >= stageMin) {
          repos.metrics.stage(packed);
          staged += packed.timestamps.length;
        } else if (packed) {
          repos.metrics.insertPacked(packed);
          for (const r of packed.runs) touched.addMetric(r.metric_name);
        }
        for (const s of batch.spans ?? []) repos.ingest.insertSpanRecord(s, now);
        lines += logs.length;
        samples += samplesIn(batch);
        spans += batch.spans?.length ?? 0;
        outcomes.push({ duplicate: false });
      }
      repos.logs.insertBatch(allLogs, now);
      repos.metrics.finishBatch();
      for (const [id, at] of contact) repos.spacecraft.touch(id, at, now);
      for (const [id, at] of telemetryBySpacecraft(batches, now)) repos.spacecraft.touchTelemetry(id, at, now);
    }).immediate();
  } catch (e) {
    repos.metrics.abortBatch();
    throw e;
  }
  return { outcomes, info: { lines, samples, spans, spacecraftIds: [...contact.keys()], touched: touched.result() }, staged };
}

/** Storage trouble is the client's to retry (503); anything else is our bug (500), said as such. */
export function toWriteError(e: unknown): unknown {
  return isStorageTrouble((e as { code?: unknown } | null)?.code) ? toUnavailable(e) : e;
}

/** Storage conditions that pass (space, locks, I/O) — as opposed to a bug such as a bad statement. */
export function isStorageTrouble(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|READONLY|NOMEM|PROTOCOL)/.test(code);
}

/** SQLite failures we can foresee become 503 + Retry-After: the client keeps its batch and retries. */
export function toUnavailable(e: unknown): ApiError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL') {
    const full = new ApiError('unavailable', 'storage is full; the batch was not stored, retry later', 30);
    full.reason = 'storage_full';
    return full;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ApiError('unavailable', 'storage is busy; the batch was not stored, retry shortly', 1);
  }
  if (code.startsWith('SQLITE_IOERR')) return new ApiError('unavailable', 'storage I/O error; the batch was not stored, retry later', 10);
  return new ApiError('unavailable', 'the batch could not be stored, retry later', 5);
}
