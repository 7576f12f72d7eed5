import { describe, expect, it } from 'vitest';
import { DashboardsRepo } from '../../../../../src/core/db/repos/dashboards';
import { LogsRepo } from '../../../../../src/core/db/repos/logs';
import { logRecord, memoryDb } from '../../fixtures';

const panel = { id: 'a', title: 'A', queries: ['up'], chart: 'line' as const, width: 6, height: 3 };

describe('DashboardsRepo', () => {
  it('stores panels whole and lists with panel counts, by name', () => {
    const repo = new DashboardsRepo(memoryDb());
    const b = repo.create({ name: 'beta', description: '', panels: [panel, { ...panel, id: 'b' }] }, 1_000);
    repo.create({ name: 'Alpha', description: 'first', panels: [] }, 2_000);
    expect(repo.get(b.id)?.panels).toEqual([panel, { ...panel, id: 'b' }]);
    expect(repo.list().map((d) => [d.name, d.panel_count])).toEqual([['Alpha', 0], ['beta', 2]]);
    const updated = repo.update(b.id, { name: 'beta', description: 'x', panels: [] }, 3_000);
    expect(updated).toMatchObject({ created_at: 1_000, updated_at: 3_000, panels: [] });
    expect(repo.update(999, { name: 'n', description: '', panels: [] }, 1)).toBeNull();
    expect(repo.idByName('Alpha')).not.toBeNull();
    expect(repo.delete(b.id)).toBe(true);
    expect(repo.delete(b.id)).toBe(false);
  });

  it('refuses a second dashboard with the same name at the database too', () => {
    const repo = new DashboardsRepo(memoryDb());
    repo.create({ name: 'Power', description: '', panels: [] }, 1);
    expect(() => repo.create({ name: 'Power', description: '', panels: [] }, 2)).toThrow(/UNIQUE/);
  });

  it('counts ERROR and CRITICAL lines per spacecraft per bucket, reading them through the level index', () => {
    const db = memoryDb();
    const logs = new LogsRepo(db);
    logs.insertBatch(
      [
        logRecord({ message: 'a', level: 'ERROR', spacecraft_id: 'juno', timestamp: 60_500 }),
        logRecord({ message: 'b', level: 'CRITICAL', spacecraft_id: 'juno', timestamp: 61_000 }),
        logRecord({ message: 'c', level: 'ERROR', spacecraft_id: 'juno', timestamp: 180_000 }),
        logRecord({ message: 'd', level: 'INFO', spacecraft_id: 'juno', timestamp: 60_000 }),
        logRecord({ message: 'e', level: 'ERROR', spacecraft_id: null, timestamp: 60_000 }),
        logRecord({ message: 'f', level: 'ERROR', spacecraft_id: 'voyager-1', timestamp: 240_000 }),
      ],
      1,
    );
    const repo = new DashboardsRepo(db);
    expect(repo.errorBuckets(60_000, 240_000, 60_000)).toEqual([
      { spacecraft_id: 'juno', bucket: 60_000, count: 2 },
      { spacecraft_id: 'juno', bucket: 180_000, count: 1 },
    ]);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT spacecraft_id, count(*) FROM log_entries
         WHERE level IN ('ERROR', 'CRITICAL') AND timestamp >= 0 AND timestamp < 1 AND spacecraft_id IS NOT NULL GROUP BY spacecraft_id`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING INDEX log_entries_level_ts \(level=\? AND timestamp/);
  });
});
