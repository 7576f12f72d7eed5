import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../../../../src/core/db/migrations/index';
import { MetricsRepo } from '../../../../../src/core/db/repos/metrics';

const open: Database.Database[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

it('moves system_metrics rows into series, samples and rollups, and keeps a system_metrics view', () => {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, ':memory:', 7);
  const insert = db.prepare('INSERT INTO system_metrics (metric_name, value, unit, timestamp, source_system, tags) VALUES (?, ?, ?, ?, ?, ?)');
  // The same labels written in two key orders are one series; another source is another series.
  insert.run('bus_volts', 28, 'V', 60_000, 'gs-1', '{"spacecraft":"sc-1","__type":"gauge","bus":"A"}');
  insert.run('bus_volts', 30, 'V', 90_000, 'gs-1', '{"bus":"A","spacecraft":"sc-1","__type":"gauge"}');
  insert.run('bus_volts', 31, 'V', 90_000, 'gs-2', '{"bus":"A","spacecraft":"sc-1","__type":"gauge"}');
  insert.run('cpu', 0.5, null, 120_000, null, null);
  migrate(db, ':memory:');

  const series = db.prepare('SELECT name, tags, source, labels, unit, type FROM metric_series ORDER BY id').all();
  expect(series).toEqual([
    { name: 'bus_volts', tags: '{"__type":"gauge","bus":"A","spacecraft":"sc-1"}', source: 'gs-1', labels: '{"bus":"A","spacecraft":"sc-1"}', unit: 'V', type: 'gauge' },
    { name: 'bus_volts', tags: '{"__type":"gauge","bus":"A","spacecraft":"sc-1"}', source: 'gs-2', labels: '{"bus":"A","spacecraft":"sc-1"}', unit: 'V', type: 'gauge' },
    { name: 'cpu', tags: '', source: '', labels: '{}', unit: null, type: null },
  ]);
  expect(db.prepare('SELECT series_id, ts, value FROM metric_samples ORDER BY series_id, ts').all()).toEqual([
    { series_id: 1, ts: 60_000, value: 28 },
    { series_id: 1, ts: 90_000, value: 30 },
    { series_id: 2, ts: 90_000, value: 31 },
    { series_id: 3, ts: 120_000, value: 0.5 },
  ]);
  new MetricsRepo(db).rollups.rebuildAll();
  const minute = db.prepare('SELECT bucket, min, max, sum, count, last, last_ts FROM metric_rollups WHERE series_id = 1 AND resolution = 60000').all();
  expect(minute).toEqual([{ bucket: 60_000, min: 28, max: 30, sum: 58, count: 2, last: 30, last_ts: 90_000 }]);
  // Old readers still see the rows.
  expect(db.prepare('SELECT metric_name, value, timestamp, source_system FROM system_metrics ORDER BY id').all()).toEqual([
    { metric_name: 'bus_volts', value: 28, timestamp: 60_000, source_system: 'gs-1' },
    { metric_name: 'bus_volts', value: 30, timestamp: 90_000, source_system: 'gs-1' },
    { metric_name: 'bus_volts', value: 31, timestamp: 90_000, source_system: 'gs-2' },
    { metric_name: 'cpu', value: 0.5, timestamp: 120_000, source_system: null },
  ]);
  // New samples of a migrated series join it.
  new MetricsRepo(db).insertMany([{ metric_name: 'cpu', value: 0.7, unit: null, timestamp: 130_000, source_system: null, tags: null }]);
  expect(db.prepare("SELECT count(*) AS n FROM metric_series WHERE name = 'cpu'").get()).toEqual({ n: 1 });
});
