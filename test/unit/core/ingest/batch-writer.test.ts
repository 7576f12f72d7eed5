import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SpacecraftRepo } from '../../../../src/core/db/repos/fleet';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { MetricsRepo } from '../../../../src/core/db/repos/metrics';
import { IngestRepo } from '../../../../src/core/db/repos/ingest';
import { BatchWriter, isStorageTrouble, toUnavailable, type CommitInfo, type WriterRepos } from '../../../../src/core/ingest/batch-writer';
import { ApiError } from '../../../../src/shared/api/errors';
import { logRecord, memoryDb } from '../fixtures';

describe('isStorageTrouble / toUnavailable', () => {
  it.each<[unknown, boolean, number | null]>([
    ['SQLITE_FULL', true, 30],
    ['SQLITE_BUSY', true, 1],
    ['SQLITE_BUSY_TIMEOUT', true, 1],
    ['SQLITE_LOCKED_SHAREDCACHE', true, 1],
    ['SQLITE_IOERR_FSYNC', true, 10],
    ['SQLITE_CANTOPEN', true, 5],
    ['SQLITE_READONLY', true, 5],
    ['SQLITE_NOMEM', true, 5],
    ['SQLITE_ERROR', false, null],
    ['SQLITE_CONSTRAINT_CHECK', false, null],
    ['SQLITE_MISMATCH', false, null],
    ['ENOSPC', false, null],
    [undefined, false, null],
    [5, false, null],
  ])('%j → storage trouble %s (Retry-After %s)', (code, trouble, retryAfter) => {
    expect(isStorageTrouble(code)).toBe(trouble);
    if (retryAfter !== null) {
      const e = toUnavailable(Object.assign(new Error('x'), { code }));
      expect([e.code, e.retryAfter]).toEqual(['unavailable', retryAfter]);
    }
  });
});

describe('BatchWriter', () => {
  let db: Database;
  let repos: WriterRepos;
  let commits: CommitInfo[];
  let writer: BatchWriter;

  beforeEach(() => {
    db = memoryDb();
    repos = { logs: new LogsRepo(db), metrics: new MetricsRepo(db), spacecraft: new SpacecraftRepo(db), ingest: new IngestRepo(db) };
    commits = [];
    writer = new BatchWriter(db, repos, (c) => commits.push(c), () => 5_000);
  });
  afterEach(() => db.close());

  const sample = { metric_name: 'cpu', value: 1, unit: null, timestamp: 1, source_system: null, tags: null };

  it('commits the writes of one turn together, then resolves each', async () => {
    await Promise.all([
      writer.write({ logs: [logRecord({ message: 'a', spacecraft_id: 'v1', timestamp: 10 })], metrics: [] }),
      writer.write({ logs: [logRecord({ message: 'b', spacecraft_id: 'v1', timestamp: 30 })], metrics: [sample] }),
    ]);
    expect(commits).toEqual([
      {
        lines: 2,
        samples: 1,
        spans: 0,
        spacecraftIds: ['v1'],
        // What the commit held, for the alert engine to skip rules it cannot affect.
        touched: { metricNames: ['cpu'], services: [], spacecraft: ['v1'], levels: ['INFO'], words: ['a', 'b'], wideWords: [] },
      },
    ]);
    expect(repos.logs.search({}, null, 10).map((e) => [e.message, e.created_at])).toEqual([
      ['b', 5_000],
      ['a', 5_000],
    ]);
    expect([writer.linesTotal, writer.samplesTotal]).toEqual([2, 1]);
  });

  it('resolves an empty batch at once, without a commit', async () => {
    await writer.write({ logs: [], metrics: [] });
    expect(commits).toEqual([]);
  });

  it('after close refuses with 503 and commits what was queued', async () => {
    const queued = writer.write({ logs: [logRecord({ message: 'last' })], metrics: [] });
    writer.close();
    await queued;
    expect(repos.logs.total()).toBe(1);
    await expect(writer.write({ logs: [logRecord({ message: 'late' })], metrics: [] })).rejects.toMatchObject({ code: 'unavailable', retryAfter: 5 });
  });

  it('storage trouble rejects every request of the group with 503 and stores nothing', async () => {
    vi.spyOn(repos.metrics, 'insertPacked').mockImplementation(() => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    const results = await Promise.allSettled([
      writer.write({ logs: [logRecord({ message: 'a' })], metrics: [] }),
      writer.write({ logs: [], metrics: [sample] }),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ApiError);
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'unavailable', retryAfter: 1 });
    }
    expect(repos.logs.total()).toBe(0);
    expect(commits).toEqual([]);
  });

  it('a bug (not storage trouble) is passed on as itself, not as 503', async () => {
    const bug = Object.assign(new Error('no such column: x'), { code: 'SQLITE_ERROR' });
    vi.spyOn(repos.logs, 'insertBatch').mockImplementation(() => {
      throw bug;
    });
    await expect(writer.write({ logs: [logRecord({ message: 'a' })], metrics: [] })).rejects.toBe(bug);
  });
});
