import type { Migration } from './types';

/**
 * Editable dashboards. Panels are one JSON array (the shape of DashboardInput.panels): they are
 * always read and written whole, and new panel options then need no migration. Names are unique
 * so an imported file with a known name is an obvious conflict rather than a silent twin.
 */
export const m010Dashboards: Migration = {
  version: 10,
  name: 'dashboards',
  up(db) {
    db.exec(`
      CREATE TABLE dashboards (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        panels      TEXT NOT NULL CHECK (json_valid(panels) AND json_type(panels) = 'array'),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
