import type { Database, Statement } from 'better-sqlite3';
import type { IngestResult } from '../../../shared/api/schemas/logs';

/** A trace span ready to store (attributes/events/resource already serialised). */
export interface SpanRecord {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string | null;
  service: string | null;
  spacecraft_id: string | null;
  start_time: number;
  end_time: number;
  duration_ms: number;
  status_code: string | null;
  status_message: string | null;
  attributes: string | null;
  events: string | null;
  resource: string | null;
}

/** The idempotency ledger and the spans table. */
export class IngestRepo {
  private readonly findBatch: Statement;
  private readonly insertBatch: Statement;
  private readonly insertSpan: Statement;

  constructor(private readonly db: Database) {
    this.findBatch = db.prepare('SELECT accepted, rejected FROM ingest_batches WHERE key = ?');
    this.insertBatch = db.prepare('INSERT INTO ingest_batches (key, accepted, rejected, created_at) VALUES (?, ?, ?, ?)');
    this.insertSpan = db.prepare(
      `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, service, spacecraft_id, start_time, end_time, duration_ms,
                          status_code, status_message, attributes, events, resource, created_at)
       VALUES (@trace_id, @span_id, @parent_span_id, @name, @kind, @service, @spacecraft_id, @start_time, @end_time, @duration_ms,
               @status_code, @status_message, @attributes, @events, @resource, @created_at)`,
    );
  }

  /** The first answer given for a batch key, if that batch was committed. */
  previous(key: string): IngestResult | null {
    const row = this.findBatch.get(key) as { accepted: number; rejected: string } | undefined;
    return row ? { accepted: row.accepted, rejected: JSON.parse(row.rejected) as IngestResult['rejected'] } : null;
  }

  /** Within the caller's transaction. */
  recordBatch(key: string, result: IngestResult, now: number): void {
    this.insertBatch.run(key, result.accepted, JSON.stringify(result.rejected), now);
  }

  /** Within the caller's transaction. */
  insertSpanRecord(span: SpanRecord, now: number): void {
    this.insertSpan.run({ ...span, created_at: now });
  }

  spanCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n;
  }
}
