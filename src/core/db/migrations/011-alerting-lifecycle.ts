import type { Migration } from './types';

/**
 * Alerting lifecycle (ISA-18.2 style): rules gain timing (interval, M of N, keep-firing-for),
 * hysteresis, latching, annotations and a version; alerts become one per rule + labels with
 * `cleared` (latched return-to-normal) and `shelved` states. The status CHECK cannot be altered
 * in place, so active_alerts is rebuilt (nothing references it yet at this version).
 * Rule versions and the audit log have no foreign key: they must outlive a deleted rule.
 */
export const m011AlertingLifecycle: Migration = {
  version: 11,
  name: 'alerting lifecycle, versions, audit, silences',
  up(db) {
    db.exec(`
      ALTER TABLE alert_rules ADD COLUMN clear_threshold REAL;
      ALTER TABLE alert_rules ADD COLUMN measure TEXT NOT NULL DEFAULT 'count';
      ALTER TABLE alert_rules ADD COLUMN interval_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE alert_rules ADD COLUMN keep_firing_for_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE alert_rules ADD COLUMN m INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE alert_rules ADD COLUMN n INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE alert_rules ADD COLUMN latching INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE alert_rules ADD COLUMN annotations TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE alert_rules ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

      CREATE TABLE active_alerts_v12 (
        id               INTEGER PRIMARY KEY,
        rule_id          INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
        fingerprint      TEXT NOT NULL DEFAULT '[]',
        labels           TEXT NOT NULL DEFAULT '{}',
        started_at       INTEGER NOT NULL,
        triggered_at     INTEGER NOT NULL,
        acknowledged_at  INTEGER,
        acknowledged_by  TEXT,
        ack_comment      TEXT,
        shelved_until    INTEGER,
        shelved_by       TEXT,
        resolved_at      INTEGER,
        last_breach_at   INTEGER,
        condition_active INTEGER NOT NULL DEFAULT 1,
        silenced_by      INTEGER,
        status           TEXT NOT NULL CHECK (status IN ('pending','firing','acknowledged','cleared','shelved','resolved')),
        value            REAL,
        details          TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      INSERT INTO active_alerts_v12 (id, rule_id, started_at, triggered_at, acknowledged_at, acknowledged_by, ack_comment,
                                     resolved_at, last_breach_at, status, value, details)
        SELECT id, rule_id, started_at, triggered_at, acknowledged_at, acknowledged_by, ack_comment,
               resolved_at, triggered_at, status, value, details FROM active_alerts;
      DROP TABLE active_alerts;
      ALTER TABLE active_alerts_v12 RENAME TO active_alerts;
      CREATE UNIQUE INDEX active_alerts_open ON active_alerts (rule_id, fingerprint) WHERE status <> 'resolved';
      CREATE INDEX active_alerts_status ON active_alerts (status, triggered_at);

      CREATE TABLE alert_transitions (
        id          INTEGER PRIMARY KEY,
        alert_id    INTEGER NOT NULL REFERENCES active_alerts (id) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        from_status TEXT,
        to_status   TEXT NOT NULL,
        value       REAL,
        actor       TEXT,
        comment     TEXT
      ) STRICT;
      CREATE INDEX alert_transitions_alert ON alert_transitions (alert_id, at);

      -- M-of-N history per rule + labels ('1' breached, '0' not, newest last); survives restarts.
      CREATE TABLE alert_series_state (
        rule_id      INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
        fingerprint  TEXT NOT NULL,
        history      TEXT NOT NULL DEFAULT '',
        last_eval_at INTEGER NOT NULL,
        PRIMARY KEY (rule_id, fingerprint)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE alert_rule_versions (
        rule_id    INTEGER NOT NULL,
        version    INTEGER NOT NULL,
        change     TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        rule       TEXT NOT NULL,
        PRIMARY KEY (rule_id, version)
      ) STRICT;

      CREATE TABLE alert_audit (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id   INTEGER,
        summary     TEXT NOT NULL,
        details     TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX alert_audit_at ON alert_audit (at);

      CREATE TABLE alert_silences (
        id         INTEGER PRIMARY KEY,
        matchers   TEXT NOT NULL,
        starts_at  INTEGER NOT NULL,
        ends_at    INTEGER NOT NULL,
        recurrence TEXT,
        comment    TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expired_at INTEGER
      ) STRICT;

    `);
  },
};
