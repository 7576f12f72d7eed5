import type { Migration } from './types';

/**
 * Monitored endpoints get kind-specific settings (JSON: method, expected status, keyword, JSON
 * path, certificate expiry, scrape job), retries before "down", pause, and a check history from
 * which uptime is computed. Spacecraft get an expected contact interval, whether an operator
 * registered them (or ingest did on first sight), and when telemetry (a metric sample labelled
 * with the spacecraft) last arrived, for the stale-telemetry health term.
 */
export const m009Monitoring: Migration = {
  version: 9,
  name: 'monitoring endpoints history and spacecraft registration',
  up(db) {
    db.exec(`
      ALTER TABLE monitoring_endpoints ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE monitoring_endpoints ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE monitoring_endpoints ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE monitoring_endpoints ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE monitoring_endpoints ADD COLUMN status_since INTEGER;
      ALTER TABLE monitoring_endpoints ADD COLUMN updated_at INTEGER;

      CREATE TABLE endpoint_checks (
        id          INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES monitoring_endpoints (id) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
        status      TEXT NOT NULL CHECK (status IN ('unknown','up','down')),
        latency_ms  REAL,
        error       TEXT
      ) STRICT;
      CREATE INDEX endpoint_checks_endpoint_at ON endpoint_checks (endpoint_id, at);

      ALTER TABLE spacecraft ADD COLUMN expected_contact_interval INTEGER;
      ALTER TABLE spacecraft ADD COLUMN registered INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE spacecraft ADD COLUMN last_telemetry INTEGER;
      ALTER TABLE spacecraft ADD COLUMN updated_at INTEGER;
    `);
  },
};
