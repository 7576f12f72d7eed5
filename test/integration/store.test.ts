/** The SQLite store on real files: pragmas, migrations forward, refusal of a newer file, plans. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { openDatabase } from '../../src/core/db/open';
import { LATEST_SCHEMA_VERSION } from '../../src/core/db/migrations';
import { createCore } from '../../src/core/core';
import { tempDir } from '../support/station';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function dbFile(): string {
  return join(tempDir(), 'observatory.db');
}

test('every pragma is set explicitly on open', () => {
  const db = openDatabase({ path: dbFile(), synchronous: 'FULL' });
  open.push(db);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  expect(db.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
  const normal = openDatabase({ path: dbFile() });
  open.push(normal);
  expect(normal.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
});

test('the spec tables have the spec columns', () => {
  const db = openDatabase({ path: dbFile() });
  open.push(db);
  const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  expect(columns('log_entries')).toEqual(expect.arrayContaining(['id', 'timestamp', 'level', 'service', 'message', 'metadata', 'spacecraft_id', 'created_at', 'request_id', 'trace_id', 'source', 'labels']));
  expect(columns('system_metrics')).toEqual(expect.arrayContaining(['id', 'metric_name', 'value', 'unit', 'timestamp', 'source_system', 'tags']));
  expect(columns('alert_rules')).toEqual(expect.arrayContaining(['id', 'rule_name', 'condition', 'threshold', 'severity', 'is_active', 'notification_channels']));
  expect(columns('active_alerts')).toEqual(expect.arrayContaining(['id', 'rule_id', 'triggered_at', 'acknowledged_at', 'resolved_at', 'status', 'details']));
  expect(columns('spacecraft')).toEqual(expect.arrayContaining(['id', 'name', 'status', 'last_contact', 'location', 'mission_type', 'health_score']));
  expect(columns('monitoring_endpoints')).toEqual(expect.arrayContaining(['id', 'spacecraft_id', 'endpoint_url', 'check_interval', 'last_check', 'status']));
  expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
});

test('an old database file upgrades, and lines it held become searchable', async () => {
  const path = dbFile();
  const v1 = openDatabase({ path, migrateTo: 1 });
  expect(v1.pragma('user_version', { simple: true })).toBe(1);
  v1.prepare(`INSERT INTO log_entries (timestamp, level, message, created_at) VALUES (1, 'ERROR', 'reaction wheel stalled', 1)`).run();
  v1.close();

  const core = await createCore({ dataDir: join(path, '..') });
  try {
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const found = await core.api['logs.search']({ q: 'wheel' });
    expect(found.items.map((i) => i.message)).toEqual(['reaction wheel stalled']);
  } finally {
    await core.close();
  }
});

test('a database newer than the app is refused with a clear message and left untouched', () => {
  const path = dbFile();
  const raw = new Database(path);
  raw.pragma('user_version = 999');
  raw.close();
  expect(() => openDatabase({ path })).toThrow(/schema version 999.*understands up to \d+.*newer Observatory.*not modified/s);
  const again = new Database(path);
  expect(again.pragma('user_version', { simple: true })).toBe(999);
  expect(again.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  again.close();
});

test('hot queries use their indexes (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase({ path: dbFile() });
  open.push(db);
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan('SELECT * FROM log_entries l ORDER BY l.timestamp DESC, l.id DESC LIMIT 100')).toMatch(/log_entries_ts/);
  expect(plan("SELECT * FROM log_entries l WHERE l.service = 'nav' ORDER BY l.timestamp DESC LIMIT 100")).toMatch(/log_entries_service_ts/);
  expect(plan("SELECT * FROM log_entries l WHERE l.spacecraft_id = 'v1' ORDER BY l.timestamp DESC LIMIT 100")).toMatch(/log_entries_spacecraft_ts/);
  expect(plan("SELECT * FROM log_entries l WHERE l.request_id = 'r1'")).toMatch(/log_entries_request/);
  // Metrics: series by name, then one primary-key run of samples / rollups per series.
  expect(plan("SELECT id FROM metric_series WHERE name = 'cpu'")).toMatch(/metric_series_identity/);
  expect(plan('SELECT ts, value FROM metric_samples WHERE series_id = 1 AND ts BETWEEN 1 AND 2 ORDER BY ts')).toMatch(/SEARCH metric_samples USING PRIMARY KEY \(series_id=\? AND ts>\? AND ts<\?\)/);
  expect(plan('SELECT * FROM metric_rollups WHERE series_id = 1 AND resolution = 60000 AND bucket BETWEEN 1 AND 2 ORDER BY bucket')).toMatch(/SEARCH metric_rollups USING PRIMARY KEY \(series_id=\? AND resolution=\? AND bucket>\? AND bucket<\?\)/);
  expect(plan("SELECT * FROM active_alerts WHERE rule_id = 1 AND status <> 'resolved'")).toMatch(/active_alerts_open/);
});

test('a foreign key protects alerts from pointing at no rule', () => {
  const db = openDatabase({ path: dbFile() });
  open.push(db);
  expect(() => db.prepare(`INSERT INTO active_alerts (rule_id, started_at, triggered_at, status) VALUES (42, 1, 1, 'firing')`).run()).toThrow(/FOREIGN KEY/);
});
