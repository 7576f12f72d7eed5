import type { Migration } from './types';

/**
 * Saved searches: a name operators pick, and the query and filters as JSON text (the shape of
 * SavedSearchInput.query), so new filter fields need no migration. Saving an existing name
 * replaces its query (upsert on the UNIQUE name) and keeps created_at.
 */
export const m005SavedSearches: Migration = {
  version: 5,
  name: 'saved searches',
  up(db) {
    db.exec(`
      CREATE TABLE saved_searches (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        query      TEXT NOT NULL CHECK (json_valid(query)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
