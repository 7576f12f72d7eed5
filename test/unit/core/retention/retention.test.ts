import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { LogsRepo, type RawLogRow } from '../../../../src/core/db/repos/logs';
import { RetentionRepo } from '../../../../src/core/db/repos/retention';
import { appendToArchive, archiveFileName, groupByArchiveFile, toArchiveLine } from '../../../../src/core/retention/archive';
import { RetentionJob } from '../../../../src/core/retention/job';
import { DEFAULT_RETENTION_POLICY, parseRetentionAge, policyFrom, retentionAgeProblem } from '../../../../src/core/retention/policy';
import { logRecord, memoryDb } from '../fixtures';

const DAY = 86_400_000;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(os.tmpdir(), 'observatory-retention-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('retention ages', () => {
  it('take hours and days from 1h, or forever; anything else is refused naming the level', () => {
    expect(parseRetentionAge('7d')).toBe(7 * DAY);
    expect(parseRetentionAge('12h')).toBe(12 * 3_600_000);
    expect(parseRetentionAge('forever')).toBeNull();
    for (const bad of ['0d', '0h', '5s', '30', 'd', '-1d', '1.5d', ' 7d', '36501d', 'FOREVER']) expect(parseRetentionAge(bad), bad).toBeUndefined();
    expect(retentionAgeProblem('WARN', '3 weeks')).toMatch(/^policy\.WARN: '3 weeks'/);
    expect(retentionAgeProblem('WARN', '21d')).toBeNull();
  });

  it('a stored policy is read leniently: unreadable levels fall back to their default', () => {
    expect(policyFrom(undefined)).toEqual(DEFAULT_RETENTION_POLICY);
    expect(policyFrom({ DEBUG: '1d', INFO: 'soon', LOUD: '1d' })).toEqual({ ...DEFAULT_RETENTION_POLICY, DEBUG: '1d' });
  });
});

describe('archive files', () => {
  const row = (id: number, timestamp: number, extra: Partial<RawLogRow> = {}): RawLogRow => ({
    id,
    timestamp,
    level: 'DEBUG',
    service: 'nav',
    message: `line ${id}`,
    metadata: null,
    spacecraft_id: null,
    request_id: null,
    trace_id: null,
    span_id: null,
    source: null,
    labels: null,
    created_at: 0,
    ...extra,
  });

  it('are named by the UTC day of the line', () => {
    expect(archiveFileName(Date.UTC(2026, 0, 31, 23, 59, 59, 999))).toBe('logs-2026-01-31.ndjson.gz');
    expect(archiveFileName(Date.UTC(2026, 1, 1))).toBe('logs-2026-02-01.ndjson.gz');
    const groups = groupByArchiveFile([row(1, Date.UTC(2026, 0, 31, 23)), row(2, Date.UTC(2026, 1, 1, 1)), row(3, Date.UTC(2026, 0, 31, 1))]);
    expect([...groups].map(([name, rows]) => [name, rows.map((r) => r.id)])).toEqual([
      ['logs-2026-01-31.ndjson.gz', [1, 3]],
      ['logs-2026-02-01.ndjson.gz', [2]],
    ]);
  });

  it('hold lines in the POST /logs format, without store-only columns', () => {
    const line = toArchiveLine(row(7, Date.UTC(2026, 0, 2, 3, 4, 5, 6), { metadata: '{"a":[1]}', labels: '{"env":"flight"}', trace_id: 't' }));
    expect(line).toEqual({
      timestamp: '2026-01-02T03:04:05.006Z',
      level: 'DEBUG',
      service: 'nav',
      message: 'line 7',
      spacecraft_id: null,
      request_id: null,
      trace_id: 't',
      span_id: null,
      source: null,
      labels: { env: 'flight' },
      metadata: { a: [1] },
    });
  });

  it('grow by one gzip member per append; the file gunzips to every line in order', async () => {
    const dir = tmp();
    const t = Date.UTC(2026, 0, 2);
    await appendToArchive(dir, [row(1, t), row(2, t + 1)]);
    await appendToArchive(dir, [row(3, t + 2), row(4, t + DAY)]);
    expect(readdirSync(dir).sort()).toEqual(['logs-2026-01-02.ndjson.gz', 'logs-2026-01-03.ndjson.gz']);
    const lines = gunzipSync(readFileSync(join(dir, 'logs-2026-01-02.ndjson.gz'))).toString().trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['line 1', 'line 2', 'line 3']);
  });
});

describe('batch selection', () => {
  function store(now: number) {
    const db = memoryDb();
    const logs = new LogsRepo(db);
    // Interleaved levels and timestamps out of id order: batches follow (timestamp, id).
    const stamps = [9, 3, 8, 1, 7, 2, 6, 4, 5, 10].map((d) => now - d * DAY);
    logs.insertBatch(
      stamps.flatMap((timestamp, i) => [
        logRecord({ message: `debug ${i}`, level: 'DEBUG', timestamp }),
        logRecord({ message: `error ${i}`, level: 'ERROR', timestamp }),
      ]),
      now,
    );
    return { db, repo: new RetentionRepo(db) };
  }

  it('takes only the level, only before the cutoff, oldest first, in pages that resume after the last key', () => {
    const now = Date.UTC(2026, 5, 1);
    const { repo } = store(now);
    const before = now - 7 * DAY;
    const first = repo.expiredBatch('DEBUG', before, null, 2);
    expect(first.map((r) => r.timestamp)).toEqual([now - 10 * DAY, now - 9 * DAY]);
    const last = first[first.length - 1]!;
    const second = repo.expiredBatch('DEBUG', before, { timestamp: last.timestamp, id: last.id }, 2);
    expect(second.map((r) => r.timestamp)).toEqual([now - 8 * DAY]);
    expect(second.every((r) => r.level === 'DEBUG')).toBe(true);
  });

  it('reads the (level, timestamp) index in order: no sort of every expired line per batch', () => {
    const { db } = store(Date.UTC(2026, 5, 1));
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM log_entries
       WHERE level = ? AND timestamp >= ? AND timestamp < ? AND (timestamp > ? OR id > ?)
       ORDER BY timestamp, id LIMIT ?`).all('DEBUG', 0, 1, 0, 0, 10) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING INDEX log_entries_level_ts/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('a job run archives then deletes in batches and keeps its totals across restarts', async () => {
    const now = Date.UTC(2026, 5, 1);
    const { db, repo } = store(now);
    const dir = tmp();
    const deletes: number[][] = [];
    const job = new RetentionJob({
      repo,
      deleteLogs: async (ids) => {
        deletes.push(ids);
        return repo.deleteLogs(ids);
      },
      archiveDir: dir,
      now: () => now,
      batchSize: 2,
    });
    expect(await job.run()).toEqual({ archived: 3, deleted: 3, at: now });
    expect(deletes.map((d) => d.length)).toEqual([2, 1]);
    expect((db.prepare("SELECT count(*) FROM log_entries WHERE level = 'DEBUG'").pluck().get() as number)).toBe(7);
    expect((db.prepare("SELECT count(*) FROM log_entries WHERE level = 'ERROR'").pluck().get() as number)).toBe(10);
    expect(new RetentionJob({ repo, deleteLogs: async () => 0, archiveDir: dir, now: () => now }).counters()).toEqual({
      archived_total: 3,
      deleted_total: 3,
      last_run_deleted: 3,
      last_run_at: now,
    });
  });
});
