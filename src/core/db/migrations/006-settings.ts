import type { Migration } from './types';

/**
 * Station settings as small JSON values under a dotted key (first: 'retention.policy' and the
 * retention job's running totals, 'retention.stats'). A key-value table, so the next setting
 * needs no migration; each value's shape belongs to the module that reads it.
 */
export const m006Settings: Migration = {
  version: 6,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
