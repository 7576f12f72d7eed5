import type { Database, Statement } from 'better-sqlite3';
import type { SavedSearch } from '../../../shared/api/schemas/logs';

interface SavedSearchRow {
  id: number;
  name: string;
  query: string;
  created_at: number;
  updated_at: number;
}

const toSearch = (row: SavedSearchRow): SavedSearch => ({ ...row, query: JSON.parse(row.query) as Record<string, string> });

/** Saved searches, unique by name. */
export class SavedSearchesRepo {
  private readonly upsertStmt: Statement;

  constructor(private readonly db: Database) {
    // The same name replaces the query and keeps the first created_at (and the id).
    this.upsertStmt = db.prepare(
      `INSERT INTO saved_searches (name, query, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at
       RETURNING *`,
    );
  }

  save(name: string, query: Record<string, string>, now: number): SavedSearch {
    return toSearch(this.upsertStmt.get(name, JSON.stringify(query), now, now) as SavedSearchRow);
  }

  list(): SavedSearch[] {
    return (this.db.prepare('SELECT * FROM saved_searches ORDER BY name').all() as SavedSearchRow[]).map(toSearch);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM saved_searches WHERE id = ?').run(id).changes > 0;
  }
}
