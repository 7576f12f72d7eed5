import type { Migration } from './types';

/**
 * Extraction rules: per-service patterns whose captures become metadata at ingest. The
 * pattern is validated by the handler before it is stored (a row here always compiled once);
 * sort_order decides which rule fills a field first.
 */
export const m007ExtractionRules: Migration = {
  version: 7,
  name: 'extraction rules',
  up(db) {
    db.exec(`
      CREATE TABLE extraction_rules (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        service    TEXT NOT NULL DEFAULT '*',
        kind       TEXT NOT NULL CHECK (kind IN ('regex', 'grok')),
        pattern    TEXT NOT NULL,
        enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
