import type { Database } from 'better-sqlite3';
import type { Matcher, Recurrence } from '../../../shared/api/schemas/alerts';

export interface SilenceRow {
  id: number;
  matchers: Matcher[];
  starts_at: number;
  ends_at: number;
  recurrence: Recurrence | null;
  comment: string;
  created_by: string;
  created_at: number;
  expired_at: number | null;
}

type Raw = Omit<SilenceRow, 'matchers' | 'recurrence'> & { matchers: string; recurrence: string | null };
const parse = (r: Raw): SilenceRow => ({
  ...r,
  matchers: JSON.parse(r.matchers) as Matcher[],
  recurrence: r.recurrence === null ? null : (JSON.parse(r.recurrence) as Recurrence),
});

export class SilencesRepo {
  constructor(private readonly db: Database) {}

  create(s: Omit<SilenceRow, 'id' | 'expired_at'>): SilenceRow {
    const info = this.db
      .prepare('INSERT INTO alert_silences (matchers, starts_at, ends_at, recurrence, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(JSON.stringify(s.matchers), s.starts_at, s.ends_at, s.recurrence ? JSON.stringify(s.recurrence) : null, s.comment, s.created_by, s.created_at);
    return this.get(Number(info.lastInsertRowid)) as SilenceRow;
  }

  get(id: number): SilenceRow | null {
    const r = this.db.prepare('SELECT * FROM alert_silences WHERE id = ?').get(id) as Raw | undefined;
    return r ? parse(r) : null;
  }

  /** Silences not expired by hand and not past their end (the candidates for matching). */
  current(now: number): SilenceRow[] {
    return (this.db.prepare('SELECT * FROM alert_silences WHERE expired_at IS NULL AND ends_at > ? ORDER BY id').all(now) as Raw[]).map(parse);
  }

  list(limit: number): SilenceRow[] {
    return (this.db.prepare('SELECT * FROM alert_silences ORDER BY id DESC LIMIT ?').all(limit) as Raw[]).map(parse);
  }

  expire(id: number, at: number): boolean {
    return this.db.prepare('UPDATE alert_silences SET expired_at = ? WHERE id = ? AND expired_at IS NULL').run(at, id).changes > 0;
  }
}
