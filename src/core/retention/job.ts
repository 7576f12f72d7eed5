/**
 * The retention job: for each level, lines older than the policy's age are archived (fsynced)
 * and only then deleted, in batches of at most `batchSize`, each delete a short transaction on
 * the writer's connection so ingest commits interleave. Runs hourly and on demand.
 */
import type { LogKey } from '../db/repos/logs';
import type { RetentionRepo, RetentionTotals } from '../db/repos/retention';
import { appendToArchive } from './archive';
import { parseRetentionAge, RETENTION_LEVELS } from './policy';

export const RETENTION_BATCH = 2_000;
export const RETENTION_FIRST_RUN_MS = 60_000;

export interface RetentionJobOptions {
  /** Reads policy and expired lines, keeps the totals (the handlers' connection). */
  repo: RetentionRepo;
  /** Delete lines by id on the writer's connection; resolves to how many were deleted. */
  deleteLogs: (ids: number[]) => Promise<number>;
  archiveDir: string;
  now: () => number;
  batchSize?: number;
  onError?: (e: unknown) => void;
}

export interface RetentionRunResult {
  archived: number;
  deleted: number;
  at: number;
}

export class RetentionJob {
  private readonly batchSize: number;
  private totals: RetentionTotals;
  private running: Promise<RetentionRunResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: RetentionJobOptions) {
    this.batchSize = Math.min(opts.batchSize ?? RETENTION_BATCH, RETENTION_BATCH);
    this.totals = opts.repo.totals();
  }

  /** First run `firstRunMs` after start (not at start: let the station settle), then every `intervalMs`. */
  start(intervalMs: number, firstRunMs = Math.min(RETENTION_FIRST_RUN_MS, intervalMs)): void {
    const tick = (delay: number) => {
      this.timer = setTimeout(() => {
        void this.run()
          .catch((e: unknown) => this.opts.onError?.(e))
          .finally(() => {
            if (!this.stopped) tick(intervalMs);
          });
      }, delay);
      this.timer.unref();
    };
    tick(firstRunMs);
  }

  /** Stop the timer and wait for a run under way (it stops after its current batch). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Run now; a call during a run shares that run. */
  run(): Promise<RetentionRunResult> {
    this.running ??= this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Figures for GET /metrics/system (`counters.retention`). */
  counters(): Record<string, number> {
    const t = this.totals;
    return {
      archived_total: t.archived_total,
      deleted_total: t.deleted_total,
      last_run_deleted: t.last_run_deleted,
      ...(t.last_run_at === null ? {} : { last_run_at: t.last_run_at }),
    };
  }

  private async runOnce(): Promise<RetentionRunResult> {
    const { repo } = this.opts;
    const at = this.opts.now();
    const policy = repo.policy();
    let archived = 0;
    let deleted = 0;
    for (const level of RETENTION_LEVELS) {
      const age = parseRetentionAge(policy[level]);
      if (age === null || age === undefined) continue;
      const before = at - age;
      let after: LogKey | null = null;
      while (!this.stopped) {
        const rows = repo.expiredBatch(level, before, after, this.batchSize);
        if (rows.length === 0) break;
        // Archive first, then delete: a crash in between leaves lines archived AND stored
        // (archived again next run), never lost.
        await appendToArchive(this.opts.archiveDir, rows);
        archived += rows.length;
        this.totals = { ...this.totals, archived_total: this.totals.archived_total + rows.length };
        try {
          const n = await this.opts.deleteLogs(rows.map((r) => r.id));
          deleted += n;
          this.totals = { ...this.totals, deleted_total: this.totals.deleted_total + n };
        } finally {
          repo.saveTotals(this.totals);
        }
        const last = rows[rows.length - 1]!;
        after = { timestamp: last.timestamp, id: last.id };
        if (rows.length < this.batchSize) break;
      }
    }
    this.totals = { ...this.totals, last_run_at: at, last_run_deleted: deleted };
    repo.saveTotals(this.totals);
    return { archived, deleted, at };
  }
}
