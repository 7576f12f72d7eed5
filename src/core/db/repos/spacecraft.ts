import type { Database, Statement } from 'better-sqlite3';

export interface SpacecraftRow {
  id: string;
  name: string;
  status: string;
  last_contact: number | null;
  location: string | null;
  mission_type: string | null;
  health_score: number | null;
  expected_contact_interval: number | null;
  registered: number;
  last_telemetry: number | null;
}

export interface SpacecraftFields {
  name?: string | undefined;
  mission_type?: string | null | undefined;
  location?: string | null | undefined;
  expected_contact_interval?: number | null | undefined;
}

/**
 * Spacecraft are registered by an operator or on first sight in ingest; their last contact
 * (a log line) and last telemetry (a metric sample labelled with them) are kept current.
 */
export class SpacecraftRepo {
  private readonly touchStmt: Statement;
  private readonly telemetryStmt: Statement;

  constructor(private readonly db: Database) {
    this.touchStmt = db.prepare(
      `INSERT INTO spacecraft (id, name, last_contact, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_contact = max(coalesce(last_contact, 0), excluded.last_contact)`,
    );
    this.telemetryStmt = db.prepare(
      `INSERT INTO spacecraft (id, name, last_telemetry, last_contact, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_telemetry = max(coalesce(last_telemetry, 0), excluded.last_telemetry),
         last_contact = max(coalesce(last_contact, 0), excluded.last_telemetry)`,
    );
  }

  /** Within the caller's transaction. */
  touch(id: string, lastContact: number, now: number): void {
    this.touchStmt.run(id, id, lastContact, now);
  }

  /** A metric sample labelled with the spacecraft arrived: telemetry, and contact (within the caller's transaction). */
  touchTelemetry(id: string, at: number, now: number): void {
    this.telemetryStmt.run(id, id, at, at, now);
  }

  ensure(id: string, now: number): void {
    this.db.prepare('INSERT INTO spacecraft (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(id, id, now);
  }

  /** Register (or re-register) explicitly; fields left undefined keep their value. */
  register(id: string, f: SpacecraftFields, now: number): SpacecraftRow {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO spacecraft (id, name, created_at, registered, updated_at) VALUES (?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET registered = 1, updated_at = excluded.updated_at')
        .run(id, f.name ?? id, now, now);
      this.update(id, f, now);
    })();
    return this.get(id) as SpacecraftRow;
  }

  /** Returns false when there is no such spacecraft. */
  update(id: string, f: SpacecraftFields, now: number): boolean {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now };
    for (const key of ['name', 'mission_type', 'location', 'expected_contact_interval'] as const) {
      if (f[key] === undefined) continue;
      sets.push(`${key} = @${key}`);
      params[key] = f[key];
    }
    return this.db.prepare(`UPDATE spacecraft SET ${sets.join(', ')} WHERE id = @id`).run(params).changes > 0;
  }

  get(id: string): SpacecraftRow | null {
    return (this.db.prepare('SELECT * FROM spacecraft WHERE id = ?').get(id) as SpacecraftRow | undefined) ?? null;
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
