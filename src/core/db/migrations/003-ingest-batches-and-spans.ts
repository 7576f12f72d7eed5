import type { Migration } from './types';

/**
 * ingest_batches: the idempotency ledger. A batch sent with an Idempotency-Key (or X-Batch-Id)
 * is recorded in the same transaction as its rows, so a resend after a lost answer is a no-op
 * that returns the first answer — exactly once, even across a crash.
 * spans: OTLP traces, kept for the tracing work that follows.
 */
export const m003IngestBatchesAndSpans: Migration = {
  version: 3,
  name: 'idempotent ingest batches, spans',
  up(db) {
    db.exec(`
      CREATE TABLE ingest_batches (
        key        TEXT PRIMARY KEY,
        accepted   INTEGER NOT NULL,
        rejected   TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ingest_batches_created ON ingest_batches (created_at);

      CREATE TABLE spans (
        id             INTEGER PRIMARY KEY,
        trace_id       TEXT NOT NULL,
        span_id        TEXT NOT NULL,
        parent_span_id TEXT,
        name           TEXT NOT NULL,
        kind           TEXT,
        service        TEXT,
        spacecraft_id  TEXT,
        start_time     INTEGER NOT NULL,
        end_time       INTEGER NOT NULL,
        duration_ms    REAL NOT NULL,
        status_code    TEXT,
        status_message TEXT,
        attributes     TEXT,
        events         TEXT,
        resource       TEXT,
        created_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX spans_trace ON spans (trace_id);
      CREATE INDEX spans_service_start ON spans (service, start_time);
      CREATE INDEX spans_start ON spans (start_time);
    `);
  },
};
