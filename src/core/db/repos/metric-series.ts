/**
 * Metric series: one row per (name, labels, source). Samples and rollups refer to a series by
 * id, so a range query reads one contiguous primary-key run per series instead of filtering
 * every sample by name and JSON tags.
 */
import type { Database, Statement } from 'better-sqlite3';

export interface SeriesRow {
  id: number;
  name: string;
  /** Labels a query sees and matches on (without the internal `__type`, `__temporality`). */
  labels: Record<string, string>;
  unit: string | null;
  type: string | null;
}

/** Canonical tags: keys sorted, written out in that order; '' when there are none. */
export function canonicalTags(tags: string | null): { key: string; labels: Record<string, string>; type: string | null } {
  if (!tags) return { key: '', labels: {}, type: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(tags);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { key: '', labels: {}, type: null };
  const entries = Object.entries(parsed as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let key = '';
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  let type: string | null = null;
  for (const [k, v] of entries) {
    key += `${key ? ',' : '{'}${JSON.stringify(k)}:${JSON.stringify(v)}`;
    if (k === '__type') type = v;
    else if (!k.startsWith('__')) labels[k] = v;
  }
  return { key: key ? `${key}}` : '', labels, type };
}

export class MetricSeriesRepo {
  /** `name \0 tags \0 source` → id; senders repeat the same tags text, so no parse per sample. */
  private readonly cache = new Map<string, number>();
  private readonly findStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly labelsCache = new Map<number, { text: string; parsed: Record<string, string> }>();
  private allStmt: Statement | undefined;
  private byNameStmt: Statement | undefined;
  private maxIdStmt: Statement | undefined;
  /** matching(): per name, the series as of the newest series id `newest`. */
  private readonly byNameCache = new Map<string, { newest: number; rows: readonly Readonly<SeriesRow>[] }>();

  constructor(private readonly db: Database) {
    this.findStmt = db.prepare('SELECT id FROM metric_series WHERE name = ? AND tags = ? AND source = ?');
    this.insertStmt = db.prepare('INSERT INTO metric_series (name, tags, source, labels, unit, type) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** The series' id, created on first sight (within the caller's transaction). */
  resolve(name: string, tags: string | null, source: string | null, unit: string | null): number {
    const cacheKey = `${name}\0${tags ?? ''}\0${source ?? ''}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    const c = canonicalTags(tags);
    const row = this.findStmt.get(name, c.key, source ?? '') as { id: number } | undefined;
    let id: number;
    if (row) id = row.id;
    else {
      id = Number(this.insertStmt.run(name, c.key, source ?? '', JSON.stringify(c.labels), unit, c.type).lastInsertRowid);
    }
    // A rolled-back transaction could leave an id that does not exist: forget() clears the cache.
    if (this.cache.size > 200_000) this.cache.clear();
    this.cache.set(cacheKey, id);
    return id;
  }

  /** After a failed commit: ids created in it were rolled back. */
  forget(): void {
    this.cache.clear();
  }

  /** Series of one name, or all series when name is null (matchers are applied by the caller). */
  byName(name: string | null): SeriesRow[] {
    // Prepared once: compiling the statement cost more than a one-series query's reads.
    this.allStmt ??= this.db.prepare('SELECT id, name, labels, unit, type FROM metric_series');
    this.byNameStmt ??= this.db.prepare('SELECT id, name, labels, unit, type FROM metric_series WHERE name = ?');
    const rows = (name === null ? this.allStmt.all() : this.byNameStmt.all(name)) as { id: number; name: string; labels: string; unit: string | null; type: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, labels: this.parsedLabels(r.id, r.labels), unit: r.unit, type: r.type }));
  }

  /**
   * Series of one name (all when null) whose name and labels pass `keep`, as shared objects the
   * caller must not alter. Series are only ever added (never changed or deleted), so the list
   * read once per name stays right while the newest series id is unchanged: one indexed
   * max() per query instead of reading and copying every series of the name (900 label
   * objects, ~1.4 ms, most of a one-series query). Call inside the query's read transaction.
   */
  matching(name: string | null, keep: (name: string, labels: Readonly<Record<string, string>>) => boolean): readonly Readonly<SeriesRow>[] {
    this.maxIdStmt ??= this.db.prepare('SELECT max(id) FROM metric_series').pluck(true);
    const newest = (this.maxIdStmt.get() as number | null) ?? 0;
    const key = name ?? '\0all';
    let hit = this.byNameCache.get(key);
    if (hit === undefined || hit.newest !== newest) {
      if (this.byNameCache.size > 10_000) this.byNameCache.clear();
      this.byNameCache.set(key, (hit = { newest, rows: this.byName(name).map((r) => Object.freeze({ ...r, labels: Object.freeze(r.labels) })) }));
    }
    const out: Readonly<SeriesRow>[] = [];
    for (const r of hit.rows) if (keep(r.name, r.labels)) out.push(r);
    return out;
  }

  /**
   * A series' labels never change after it is created: parse each series' text once (a query
   * selecting one of 900 series of a name parsed all 900 every time). Copies, so callers may
   * not alter the cached object.
   */
  private parsedLabels(id: number, text: string): Record<string, string> {
    let labels = this.labelsCache.get(id);
    if (labels === undefined || labels.text !== text) {
      if (this.labelsCache.size > 200_000) this.labelsCache.clear();
      this.labelsCache.set(id, (labels = { text, parsed: JSON.parse(text) as Record<string, string> }));
    }
    return { ...labels.parsed };
  }

  /** Names with type, unit, label keys and series count, for autocomplete. */
  names(prefix: string | undefined, limit = 2000): { name: string; type: string | null; unit: string | null; labels: string[]; series: number }[] {
    const rows = this.db
      .prepare(
        `SELECT name, max(type) AS type, max(unit) AS unit, count(*) AS n, json_group_array(labels) AS labels
         FROM metric_series WHERE name >= ? AND name < ? GROUP BY name ORDER BY name LIMIT ?`,
      )
      .all(prefix ?? '', `${prefix ?? ''}\u{10FFFF}`, limit) as { name: string; type: string | null; unit: string | null; n: number; labels: string }[];
    return rows.map((r) => {
      const keys = new Set<string>();
      for (const l of JSON.parse(r.labels) as string[]) for (const k of Object.keys(JSON.parse(l) as object)) keys.add(k);
      return { name: r.name, type: r.type, unit: r.unit, labels: [...keys].sort(), series: r.n };
    });
  }
}
