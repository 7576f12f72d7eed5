import type { Database, Statement } from 'better-sqlite3';
import type { ExtractionKind } from '../../../shared/api/schemas/extraction';

/** A rule as stored (its live counters are kept by the ingest side, not here). */
export interface StoredExtractionRule {
  id: number;
  name: string;
  service: string;
  kind: ExtractionKind;
  pattern: string;
  enabled: boolean;
  order: number;
  created_at: number;
  updated_at: number;
}

interface Row extends Omit<StoredExtractionRule, 'enabled' | 'order'> {
  enabled: number;
  sort_order: number;
}

export type ExtractionRuleFields = Pick<StoredExtractionRule, 'name' | 'service' | 'kind' | 'pattern' | 'enabled' | 'order'>;

const toRule = ({ enabled, sort_order, ...rest }: Row): StoredExtractionRule => ({ ...rest, enabled: enabled === 1, order: sort_order });

/** Extraction rules, unique by name, read in the order ingest applies them. */
export class ExtractionRulesRepo {
  private readonly listStmt: Statement;

  constructor(private readonly db: Database) {
    this.listStmt = db.prepare('SELECT * FROM extraction_rules ORDER BY sort_order, id');
  }

  list(): StoredExtractionRule[] {
    return (this.listStmt.all() as Row[]).map(toRule);
  }

  get(id: number): StoredExtractionRule | null {
    const row = this.db.prepare('SELECT * FROM extraction_rules WHERE id = ?').get(id) as Row | undefined;
    return row ? toRule(row) : null;
  }

  /** The rule named `name`, if any (names are unique). */
  idOfName(name: string): number | null {
    const row = this.db.prepare('SELECT id FROM extraction_rules WHERE name = ?').get(name) as { id: number } | undefined;
    return row?.id ?? null;
  }

  create(r: ExtractionRuleFields, now: number): StoredExtractionRule {
    const row = this.db
      .prepare(
        `INSERT INTO extraction_rules (name, service, kind, pattern, enabled, sort_order, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(r.name, r.service, r.kind, r.pattern, r.enabled ? 1 : 0, r.order, now, now) as Row;
    return toRule(row);
  }

  /** Null when there is no such rule. */
  update(id: number, r: ExtractionRuleFields, now: number): StoredExtractionRule | null {
    const row = this.db
      .prepare(
        `UPDATE extraction_rules SET name = ?, service = ?, kind = ?, pattern = ?, enabled = ?, sort_order = ?, updated_at = ?
         WHERE id = ? RETURNING *`,
      )
      .get(r.name, r.service, r.kind, r.pattern, r.enabled ? 1 : 0, r.order, now, id) as Row | undefined;
    return row ? toRule(row) : null;
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM extraction_rules WHERE id = ?').run(id).changes > 0;
  }
}
