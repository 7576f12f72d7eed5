/**
 * When the writer thread moves staged metric batches (MetricsRepo.stage) into the samples
 * table. Staging answers a large batch after one cheap commit (one row of packed arrays); a
 * commit straight into `metric_samples` writes ~3.4 B-tree pages per series of the batch, and
 * those writes, not the inserts, were half of the writer's time per remote-write request. Moving
 * several batches in one transaction writes each series' pages once for all of them.
 *
 * A merge runs when `mergeAt` samples are staged, when the oldest staged batch is `mergeAgeMs`
 * old, when no write has arrived for `mergeIdleMs` (DEFAULTS below), when a reader asks
 * (ThreadedWriter.metricsVisible, which metric queries await), and on close. Samples staged before a crash
 * are moved when the writer starts; their names are unknown then, so the summary says "all".
 */
import type { Database } from 'better-sqlite3';
import type { MetricsRepo } from '../db/repos/metrics';
import type { CommitInfo } from './batch-writer';
import { TouchedCollector } from './commit-touched';
import type { PackedSamples } from './metric-pack';

export interface StagingOptions {
  /** Batches of at least this many samples are staged; smaller ones commit straight through. */
  stageMin?: number;
  mergeAt?: number;
  mergeAgeMs?: number;
  mergeIdleMs?: number;
}

const DEFAULTS: Required<StagingOptions> = { stageMin: 4096, mergeAt: 250_000, mergeAgeMs: 250, mergeIdleMs: 50 };
/** Most samples moved in one transaction (bounds how long the write lock is held). */
const MERGE_CAP = 500_000;

export class StagedMerge {
  private staged: number;
  private since = 0;
  private touched = new TouchedCollector();
  private timer: NodeJS.Timeout | null = null;
  readonly opts: Required<StagingOptions>;

  constructor(
    private readonly db: Database,
    private readonly metrics: MetricsRepo,
    /** Staged samples became visible: what they touched (`pending` is 0 by then). */
    private readonly onMerged: (info: CommitInfo) => void,
    private readonly onError: (e: unknown) => void,
    opts: StagingOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
    this.staged = metrics.staging.pending();
    if (this.staged > 0) this.touched.allMetrics();
  }

  /** Samples staged and not yet visible. */
  get pending(): number {
    return this.staged;
  }

  /** A commit staged `samples` of these batches. */
  added(batches: readonly { packed?: PackedSamples | undefined }[], samples: number): void {
    if (samples === 0) return;
    if (this.staged === 0) this.since = Date.now();
    this.staged += samples;
    for (const b of batches) for (const r of b.packed?.runs ?? []) this.touched.addMetric(r.metric_name);
  }

  /** After each commit: merge now, or when the writer goes idle. */
  afterCommit(): void {
    if (this.staged === 0) return;
    const age = Date.now() - this.since;
    const { mergeAt, mergeAgeMs, mergeIdleMs } = this.opts;
    if (this.staged >= mergeAt || age >= mergeAgeMs) {
      this.mergeAll();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.mergeAll(), Math.min(mergeIdleMs, mergeAgeMs - age));
  }

  /** Move everything staged, in transactions of at most MERGE_CAP samples. Throws nothing. */
  mergeAll(): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.staged === 0) return true;
    let moved = 0;
    try {
      for (;;) {
        let n = 0;
        this.db
          .transaction(() => {
            this.metrics.beginBatch();
            n = this.metrics.mergeStaged(MERGE_CAP);
            this.metrics.finishBatch();
          })
          .immediate();
        moved += n;
        if (n === 0) break;
      }
    } catch (e) {
      this.metrics.abortBatch();
      this.onError(e);
      // The rows stay staged; try again shortly.
      this.timer = setTimeout(() => this.mergeAll(), this.opts.mergeAgeMs);
      this.timer.unref();
      return false;
    }
    this.staged = 0;
    const touched = this.touched.result();
    this.touched = new TouchedCollector();
    if (moved > 0) this.onMerged({ lines: 0, samples: moved, spans: 0, spacecraftIds: [], touched });
    return true;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
