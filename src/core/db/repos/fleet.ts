import type { Database, Statement } from 'better-sqlite3';
import type { Endpoint } from '../../../shared/api/schemas/fleet';

export interface SpacecraftRow {
  id: string;
  name: string;
  status: string;
  last_contact: number | null;
  location: string | null;
  mission_type: string | null;
  health_score: number | null;
}

/** Spacecraft are registered on first sight in ingest and their last contact kept current. */
export class SpacecraftRepo {
  private readonly touchStmt: Statement;

  constructor(private readonly db: Database) {
    this.touchStmt = db.prepare(
      `INSERT INTO spacecraft (id, name, last_contact, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_contact = max(coalesce(last_contact, 0), excluded.last_contact)`,
    );
  }

  /** Within the caller's transaction. */
  touch(id: string, lastContact: number, now: number): void {
    this.touchStmt.run(id, id, lastContact, now);
  }

  ensure(id: string, now: number): void {
    this.db.prepare('INSERT INTO spacecraft (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(id, id, now);
  }

  list(): SpacecraftRow[] {
    return this.db.prepare('SELECT * FROM spacecraft ORDER BY id').all() as SpacecraftRow[];
  }

  saveHealth(id: string, status: string, score: number): void {
    this.db.prepare('UPDATE spacecraft SET status = ?, health_score = ? WHERE id = ?').run(status, score, id);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM spacecraft').get() as { n: number }).n;
  }
}

export class EndpointsRepo {
  constructor(private readonly db: Database) {}

  create(e: Omit<Endpoint, 'id' | 'last_check' | 'status' | 'last_latency_ms' | 'last_error'>): Endpoint {
    const info = this.db
      .prepare(
        `INSERT INTO monitoring_endpoints (name, kind, spacecraft_id, endpoint_url, check_interval, timeout, created_at)
         VALUES (@name, @kind, @spacecraft_id, @endpoint_url, @check_interval, @timeout, @created_at)`,
      )
      .run(e);
    return this.get(Number(info.lastInsertRowid)) as Endpoint;
  }

  get(id: number): Endpoint | null {
    return (this.db.prepare('SELECT * FROM monitoring_endpoints WHERE id = ?').get(id) as Endpoint | undefined) ?? null;
  }

  list(): Endpoint[] {
    return this.db.prepare('SELECT * FROM monitoring_endpoints ORDER BY id').all() as Endpoint[];
  }

  recordCheck(id: number, r: { at: number; status: 'up' | 'down'; latency_ms: number | null; error: string | null }): void {
    this.db
      .prepare('UPDATE monitoring_endpoints SET last_check = ?, status = ?, last_latency_ms = ?, last_error = ? WHERE id = ?')
      .run(r.at, r.status, r.latency_ms, r.error, id);
  }

  downBySpacecraft(): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT spacecraft_id, count(*) AS n FROM monitoring_endpoints WHERE status = 'down' AND spacecraft_id IS NOT NULL GROUP BY spacecraft_id`)
      .all() as { spacecraft_id: string; n: number }[];
    return new Map(rows.map((r) => [r.spacecraft_id, r.n]));
  }
}
