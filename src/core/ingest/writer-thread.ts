/**
 * The ingest writer thread: its own SQLite connection and a group commit of everything that
 * arrived while the previous commit ran. SQLite work happens here, not on the thread that
 * serves HTTP and (in the desktop app) the UI, so a large commit never stalls the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open';
import { SpacecraftRepo } from '../db/repos/fleet';
import { IngestRepo } from '../db/repos/ingest';
import { LogsRepo } from '../db/repos/logs';
import { MetricsRepo } from '../db/repos/metrics';
import { RetentionRepo } from '../db/repos/retention';
import { commitGroup, recordsIn } from './batch-writer';
import { StagedMerge } from './staged-merge';
import type { FromWriter, ToWriter, WriterThreadOptions } from './writer-protocol';

const opts = workerData as WriterThreadOptions;
const port = parentPort!;
const db = openDatabase({ path: opts.dbPath, nativeBinding: opts.nativeBinding, synchronous: opts.synchronous });
// Checkpoint the WAL every ~40 MB instead of every 4 MB: fewer, larger checkpoints on this busy
// connection measured +16 % ingest throughput; journal_size_limit still trims the file after.
db.pragma('wal_autocheckpoint = 10000');
const repos = { logs: new LogsRepo(db), metrics: new MetricsRepo(db), spacecraft: new SpacecraftRepo(db), ingest: new IngestRepo(db) };

const retention = new RetentionRepo(db);
const staging = new StagedMerge(
  db,
  repos.metrics,
  (info) => {
    lastWriteAt = Date.now();
    scheduleRollups();
    send({ type: 'merged', info, staged: staging.pending });
  },
  // Storage trouble while merging: the rows stay staged and the merge is retried.
  () => undefined,
  opts.staging,
);

let queue: Extract<ToWriter, { type: 'write' }>[] = [];
let scheduled = false;

function send(message: FromWriter): void {
  port.postMessage(message);
}

/**
 * Rollups are rebuilt here between commits, in slices (series in groups of short transactions):
 * once ingest has been quiet for 200 ms, or every 5 s under sustained load. Waiting lets a bulk
 * load's dirty ranges merge, so each bucket is rebuilt once, not once per commit; queries read
 * raw samples for series still waiting, so answers are exact meanwhile.
 */
let rollupTimer: NodeJS.Timeout | null = null;
let lastWriteAt = 0;
let lastRebuildAt = Date.now();
function scheduleRollups(delayMs = 250): void {
  if (rollupTimer) return;
  rollupTimer = setTimeout(() => {
    rollupTimer = null;
    const now = Date.now();
    if (now - lastWriteAt < 200 && now - lastRebuildAt < 5_000) return scheduleRollups();
    lastRebuildAt = now;
    try {
      if (repos.metrics.rollups.rebuild(50_000) > 0) scheduleRollups(queue.length ? 250 : 0);
    } catch {
      // A busy or full disk: the dirty marks stay, the next commit schedules another try.
    }
  }, delayMs);
}

function flush(): void {
  scheduled = false;
  lastWriteAt = Date.now();
  scheduleRollups();
  while (queue.length) {
    // Take whole requests up to the cap (at least one): each commit holds the lock briefly.
    let lines = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || lines + recordsIn(queue[n]!.batch) <= opts.maxLinesPerCommit)) lines += recordsIn(queue[n++]!.batch);
    const group = queue.slice(0, n);
    queue = queue.slice(n);
    const ids = group.map((m) => m.id);
    try {
      const batches = group.map((m) => m.batch);
      const { outcomes, info, staged } = commitGroup(db, repos, batches, group[group.length - 1]!.now, staging.opts.stageMin);
      staging.added(batches, staged);
      send({ type: 'done', ids, outcomes, info, staged: staging.pending });
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      send({ type: 'failed', ids, error: { code: typeof err?.code === 'string' ? err.code : undefined, message: String(err?.message ?? e) } });
    }
  }
  staging.afterCommit();
}

port.on('message', (m: ToWriter) => {
  switch (m.type) {
    case 'write':
      queue.push(m);
      if (!scheduled) {
        scheduled = true;
        // Let every message already delivered join this commit.
        setImmediate(flush);
      }
      break;
    case 'pragma':
      try {
        send({ type: 'pragma-result', id: m.id, value: db.pragma(m.pragma, { simple: true }) });
      } catch (e) {
        send({ type: 'pragma-result', id: m.id, value: null, error: (e as Error).message });
      }
      break;
    case 'delete-logs':
      // Its own small transaction, between group commits: ingest waits for one batch at most.
      try {
        send({ type: 'deleted-logs', id: m.id, deleted: retention.deleteLogs(m.ids) });
      } catch (e) {
        send({ type: 'deleted-logs', id: m.id, deleted: 0, error: (e as Error).message });
      }
      break;
    case 'merge':
      // Writes that arrived before this message are 2xx'd only once committed: take them too.
      flush();
      send({ type: 'visible', id: m.id, ...(staging.mergeAll() ? {} : { error: 'staged samples could not be moved; retrying' }) });
      break;
    case 'close':
      flush();
      staging.mergeAll();
      staging.close();
      if (rollupTimer) clearTimeout(rollupTimer);
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A reader may hold the WAL; it is checkpointed on the next open.
      }
      db.close();
      send({ type: 'closed', id: m.id });
      break;
  }
});

send({ type: 'ready', staged: staging.pending });
// Samples a crash left staged become visible now.
staging.mergeAll();
