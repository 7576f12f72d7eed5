import type { Migration } from './types';

/**
 * Full-text index over log messages. An external-content FTS5 table (the text lives once, in
 * log_entries) kept in step by triggers, so every path that writes or deletes lines — ingest,
 * retention, imports — keeps search correct without remembering to. Lines stored by a
 * version-1 database are indexed here too ('rebuild').
 */
export const m002LogFulltext: Migration = {
  version: 2,
  name: 'log message full-text index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE log_fts USING fts5(
        message,
        content = 'log_entries',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER log_entries_fts_insert AFTER INSERT ON log_entries BEGIN
        INSERT INTO log_fts (rowid, message) VALUES (new.id, new.message);
      END;
      CREATE TRIGGER log_entries_fts_delete AFTER DELETE ON log_entries BEGIN
        INSERT INTO log_fts (log_fts, rowid, message) VALUES ('delete', old.id, old.message);
      END;
      CREATE TRIGGER log_entries_fts_update AFTER UPDATE OF message ON log_entries BEGIN
        INSERT INTO log_fts (log_fts, rowid, message) VALUES ('delete', old.id, old.message);
        INSERT INTO log_fts (rowid, message) VALUES (new.id, new.message);
      END;
      INSERT INTO log_fts (log_fts) VALUES ('rebuild');
    `);
  },
};
