import type { Migration } from './types';

/**
 * Notification channels and the persisted outbox. Every notification is a row first, written in
 * the same transaction as the alert state change that causes it; the dispatcher sends due rows
 * and marks them sent afterwards, so a crash can repeat at most the row in flight and never
 * loses one. The outbox doubles as the delivery log. Arrivals feed flood control.
 * The routing tree lives in settings ('notify.routing'); a missing key means the default tree.
 */
export const m012Notifications: Migration = {
  version: 12,
  name: 'notifications',
  up(db) {
    db.exec(`
      CREATE TABLE notify_channels (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        kind       TEXT NOT NULL,
        config     TEXT NOT NULL DEFAULT '{}',
        enabled    INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- No foreign key to notify_channels: deleting a channel keeps its delivery history.
      CREATE TABLE notify_outbox (
        id           INTEGER PRIMARY KEY,
        channel_id   INTEGER NOT NULL,
        channel_name TEXT NOT NULL,
        channel_kind TEXT NOT NULL,
        purpose      TEXT NOT NULL,
        group_key    TEXT NOT NULL,
        alert_ids    TEXT NOT NULL DEFAULT '[]',
        repeat_ms    INTEGER NOT NULL DEFAULT 0,
        due_at       INTEGER NOT NULL,
        status       TEXT NOT NULL DEFAULT 'pending',
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        title        TEXT,
        created_at   INTEGER NOT NULL,
        sent_at      INTEGER
      ) STRICT;
      CREATE INDEX notify_outbox_due ON notify_outbox (due_at) WHERE status = 'pending';
      CREATE INDEX notify_outbox_group ON notify_outbox (group_key, channel_id, status);

      CREATE TABLE notify_arrivals (
        at       INTEGER NOT NULL,
        alert_id INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX notify_arrivals_at ON notify_arrivals (at);
    `);
    const seed = db.prepare(`INSERT INTO notify_channels (name, kind, config, enabled, created_at, updated_at) VALUES (?, ?, ?, 1, 0, 0)`);
    seed.run('Desktop', 'desktop', '{}');
    seed.run('In-app banner', 'in_app', '{}');
    seed.run('Browser', 'browser', '{}');
    seed.run('Alarm sound', 'sound', JSON.stringify({ severities: ['critical', 'warning'] }));
  },
};
