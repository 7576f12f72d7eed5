import { expect, it } from 'vitest';
import { MetricsRepo } from '../../../../src/core/db/repos/metrics';
import { DEFAULT_METRIC_RETENTION, MetricRetentionJob } from '../../../../src/core/retention/metric-retention';
import { ApiError } from '../../../../src/shared/api/errors';
import { memoryDb } from '../fixtures';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);

it('keeps raw samples and each rollup resolution for its own age', () => {
  const repo = new MetricsRepo(memoryDb());
  // One sample every 6 hours for 10 days.
  repo.insertMany(
    Array.from({ length: 40 }, (_, i) => ({ metric_name: 'v', value: i, unit: null, timestamp: NOW - 10 * DAY + i * 6 * 3_600_000 + 1000, source_system: null, tags: null })),
  );
  repo.rollups.rebuildAll();
  const job = new MetricRetentionJob(repo, () => NOW, () => undefined);
  expect(job.policy()).toEqual(DEFAULT_METRIC_RETENTION);
  expect(job.set({ raw: '2d', '1m': '4d', '1h': '6d' })).toEqual({ raw: '2d', '1m': '4d', '1h': '6d', '1d': 'forever' });
  const deleted = job.run();
  expect(deleted).toEqual({ raw: 32, '1m': 24, '1h': 16, '1d': 0 });
  const id = repo.seriesRepo.byName('v')[0]!.id;
  expect(repo.samples(id, 0, NOW).ts.every((t) => t >= NOW - 2 * DAY)).toBe(true);
  expect(repo.rollups.range(id, 60_000, 0, NOW).every((r) => r.bucket >= NOW - 4 * DAY)).toBe(true);
  expect(repo.rollups.range(id, DAY, 0, NOW)).toHaveLength(10);
  // The policy survives a restart (it lives in the settings table).
  expect(new MetricRetentionJob(repo, () => NOW, () => undefined).policy().raw).toBe('2d');
});

it('refuses an age that is not hours or days, naming the resolution', () => {
  const job = new MetricRetentionJob(new MetricsRepo(memoryDb()), () => NOW, () => undefined);
  expect(() => job.set({ '1h': '5s' })).toThrow(ApiError);
  expect(() => job.set({ '1h': '5s' })).toThrow(/^1h: '5s' is not a retention age/);
});
