import { LogsRepo } from '../../../../../src/core/db/repos/logs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../src/core/db/open';
import {
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  migrate,
  migrations,
  schemaVersion,
} from '../../../../../src/core/db/migrations/index';

const open: Database.Database[] = [];
function fresh(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  return db;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const objects = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..n in order, with names', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: migrations.length }, (_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    for (const m of migrations) expect(m.name).not.toBe('');
  });

  it.each(migrations.map((m) => m.version))('migrate up to version %d sets user_version to it', (version) => {
    const db = fresh();
    expect(migrate(db, ':memory:', version)).toEqual({ from: 0, to: version });
    expect(schemaVersion(db)).toBe(version);
  });

  it('version 1 has the six tables and no full-text index; version 2 adds it', () => {
    const db = fresh();
    migrate(db, ':memory:', 1);
    const v1 = objects(db);
    for (const t of ['spacecraft', 'log_entries', 'system_metrics', 'alert_rules', 'active_alerts', 'monitoring_endpoints']) {
      expect(v1).toContain(t);
    }
    expect(v1).not.toContain('log_fts');
    migrate(db, ':memory:');
    expect(objects(db)).toContain('log_fts');
  });

  it('indexes the lines a version-1 database already had', () => {
    const db = fresh();
    migrate(db, ':memory:', 1);
    db.prepare("INSERT INTO log_entries (timestamp, level, message, created_at) VALUES (1, 'INFO', 'old reaction wheel line', 1)").run();
    expect(migrate(db, ':memory:')).toEqual({ from: 1, to: LATEST_SCHEMA_VERSION });
    expect(db.prepare("SELECT rowid FROM log_fts WHERE log_fts MATCH '\"wheel\"'").all()).toEqual([{ rowid: 1 }]);
  });

  it('keeps the index in step with inserts (indexed in bulk by the repo), updates and deletes', () => {
    const db = fresh();
    migrate(db, ':memory:');
    const match = (w: string) => db.prepare('SELECT count(*) AS n FROM log_fts WHERE log_fts MATCH ?').pluck().get(`"${w}"`);
    // Since migration 4 new lines are indexed by LogsRepo.insertBatch, not by a per-row trigger
    // (every insert goes through it: a row the external-content index never saw cannot be deleted).
    new LogsRepo(db).insert({ timestamp: 1, level: 'INFO', service: null, message: 'alpha', metadata: null, spacecraft_id: null, request_id: null, trace_id: null, span_id: null, source: null, labels: null }, 1);
    expect(match('alpha')).toBe(1);
    db.prepare("UPDATE log_entries SET message = 'beta' WHERE id = 1").run();
    expect([match('alpha'), match('beta')]).toEqual([0, 1]);
    db.prepare('DELETE FROM log_entries WHERE id = 1').run();
    expect(match('beta')).toBe(0);
  });

  it('is a no-op when already at the latest version', () => {
    const db = fresh();
    migrate(db, ':memory:');
    const before = objects(db);
    expect(migrate(db, ':memory:')).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    expect(objects(db)).toEqual(before);
  });

  it('refuses a newer database without touching it', () => {
    const db = fresh();
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    let error: unknown;
    try {
      migrate(db, '/data/observatory.db');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    const e = error as DatabaseTooNewError;
    expect(e.name).toBe('DatabaseTooNewError');
    expect([e.found, e.supported, e.path]).toEqual([LATEST_SCHEMA_VERSION + 5, LATEST_SCHEMA_VERSION, '/data/observatory.db']);
    expect(e.message).toContain('/data/observatory.db');
    expect(e.message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 5}`);
    expect(e.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    expect(e.message).toContain('The file was not modified.');
    expect(objects(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 5);
  });
});

describe('openDatabase', () => {
  it('migrates to the latest version with foreign keys on', () => {
    const db = openDatabase({ path: ':memory:' });
    open.push(db);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('stops at migrateTo', () => {
    const db = openDatabase({ path: ':memory:', migrateTo: 1 });
    open.push(db);
    expect(schemaVersion(db)).toBe(1);
  });

  it('uses synchronous FULL when asked', () => {
    const db = openDatabase({ path: ':memory:', synchronous: 'FULL' });
    open.push(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});
