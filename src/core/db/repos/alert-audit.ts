import type { Database } from 'better-sqlite3';
import type { AuditEntry } from '../../../shared/api/schemas/alerts';

export interface AuditQuery {
  q?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
}

/** What operators did to rules and alarms (edits, ack, shelve, silence), newest first. */
export class AuditRepo {
  constructor(private readonly db: Database) {}

  record(e: Omit<AuditEntry, 'id' | 'details'> & { details?: unknown }): void {
    this.db
      .prepare('INSERT INTO alert_audit (at, actor, action, target_type, target_id, summary, details) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.target_type, e.target_id, e.summary, JSON.stringify(e.details ?? {}));
  }

  search(query: AuditQuery): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.q) {
      // LIKE with an escape so %, _ typed by an operator are literal.
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(summary LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\' OR details LIKE ? ESCAPE '\\')`);
      params.push(like, like, like);
    }
    if (query.action) {
      where.push('action = ?');
      params.push(query.action);
    }
    if (query.actor) {
      where.push('actor = ?');
      params.push(query.actor);
    }
    if (query.from !== undefined) {
      where.push('at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('at <= ?');
      params.push(query.to);
    }
    const rows = this.db
      .prepare(`SELECT * FROM alert_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...params, query.limit) as (Omit<AuditEntry, 'details'> & { details: string })[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }));
  }
}
