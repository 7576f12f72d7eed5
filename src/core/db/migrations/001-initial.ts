import type { Migration } from './types';

/** The spec's six tables with the columns the product needs, epoch-ms timestamps throughout. */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE spacecraft (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL DEFAULT 'unknown'
                      CHECK (status IN ('nominal','degraded','critical','lost-contact','unknown')),
        last_contact  INTEGER,
        location      TEXT,
        mission_type  TEXT,
        health_score  REAL,
        created_at    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE log_entries (
        id            INTEGER PRIMARY KEY,
        timestamp     INTEGER NOT NULL,
        level         TEXT NOT NULL CHECK (level IN ('DEBUG','INFO','WARN','ERROR','CRITICAL')),
        service       TEXT,
        message       TEXT NOT NULL,
        metadata      TEXT,
        spacecraft_id TEXT,
        request_id    TEXT,
        trace_id      TEXT,
        span_id       TEXT,
        source        TEXT,
        labels        TEXT,
        created_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX log_entries_ts ON log_entries (timestamp, id);
      CREATE INDEX log_entries_service_ts ON log_entries (service, timestamp);
      CREATE INDEX log_entries_spacecraft_ts ON log_entries (spacecraft_id, timestamp);
      CREATE INDEX log_entries_level_ts ON log_entries (level, timestamp);
      CREATE INDEX log_entries_request ON log_entries (request_id) WHERE request_id IS NOT NULL;
      CREATE INDEX log_entries_trace ON log_entries (trace_id) WHERE trace_id IS NOT NULL;

      CREATE TABLE system_metrics (
        id            INTEGER PRIMARY KEY,
        metric_name   TEXT NOT NULL,
        value         REAL NOT NULL,
        unit          TEXT,
        timestamp     INTEGER NOT NULL,
        source_system TEXT,
        tags          TEXT
      ) STRICT;
      CREATE INDEX system_metrics_name_ts ON system_metrics (metric_name, timestamp);

      CREATE TABLE alert_rules (
        id                    INTEGER PRIMARY KEY,
        rule_name             TEXT NOT NULL UNIQUE,
        kind                  TEXT NOT NULL,
        condition             TEXT NOT NULL,
        operator              TEXT NOT NULL DEFAULT '>',
        threshold             REAL NOT NULL,
        window_ms             INTEGER NOT NULL,
        for_ms                INTEGER NOT NULL DEFAULT 0,
        severity              TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
        is_active             INTEGER NOT NULL DEFAULT 1,
        notification_channels TEXT NOT NULL DEFAULT '[]',
        labels                TEXT NOT NULL DEFAULT '{}',
        description           TEXT,
        created_at            INTEGER NOT NULL,
        updated_at            INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE active_alerts (
        id              INTEGER PRIMARY KEY,
        rule_id         INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
        started_at      INTEGER NOT NULL,
        triggered_at    INTEGER NOT NULL,
        acknowledged_at INTEGER,
        acknowledged_by TEXT,
        ack_comment     TEXT,
        resolved_at     INTEGER,
        status          TEXT NOT NULL CHECK (status IN ('pending','firing','acknowledged','resolved')),
        value           REAL,
        details         TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX active_alerts_open ON active_alerts (rule_id) WHERE status <> 'resolved';
      CREATE INDEX active_alerts_status ON active_alerts (status, triggered_at);

      CREATE TABLE monitoring_endpoints (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL,
        kind            TEXT NOT NULL DEFAULT 'http',
        spacecraft_id   TEXT REFERENCES spacecraft (id) ON DELETE SET NULL,
        endpoint_url    TEXT NOT NULL,
        check_interval  INTEGER NOT NULL,
        timeout         INTEGER NOT NULL,
        last_check      INTEGER,
        status          TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown','up','down')),
        last_latency_ms REAL,
        last_error      TEXT,
        created_at      INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
