/**
 * Newest-first search for queries with full-text terms, read in windows of rowids from the top.
 *
 * The plain plan collects *every* full-text match, looks each row up and sorts them all to keep
 * the newest 100: fine for a rare word, seconds for a word on half the lines (measured: `info`
 * over 10 M lines, 10 s). FTS5 hands out a term's newest matches cheaply (`ORDER BY rowid DESC
 * LIMIT n` with only an upper rowid bound: ~1 ms), while a lower rowid bound costs a pass over
 * the whole doclist. So each window [lo, hi] is chosen such that every full-text subquery's `n`
 * newest matches at or below `hi` contain all its matches in the window: lo is at least each
 * subquery's n-th newest match (and at most `width` rowids below hi, for conditions that are not
 * full-text). Windows grow ×4 downwards, and the walk stops once no line below the window can be
 * newer than the current 100th — known from the (timestamp, id) index. Exact for any order of
 * arrival: late lines (older timestamps, higher ids) only make it read more windows.
 */
import type { Database } from 'better-sqlite3';
import { FTS_ROWIDS } from '../../query/log-query-sql';

const FIRST_WINDOW = 1 << 16;
/** Full-text matches taken per subquery in the first window. */
const FIRST_MATCHES = 400;
const GROWTH = 4;
/** A time range narrower than this many lines is turned into an exact rowid range first. */
const RANGE_PROBE = 200_000;

export interface SearchKey {
  timestamp: number;
  id: number;
}

export function hasFullText(where: string): boolean {
  return where.includes(FTS_ROWIDS);
}

/** One positive full-text match list in a plain conjunction (no OR, no NOT): it bounds every row. */
export function oneMatchList(where: string): boolean {
  return where.split(FTS_ROWIDS).length === 2 && where.includes(`l.id IN (${FTS_ROWIDS})`) && !/\b(OR|NOT)\b/.test(where);
}

const newestFirst = (a: SearchKey, b: SearchKey) => b.timestamp - a.timestamp || b.id - a.id;

/** Positions (among the positional `?`) of the MATCH expressions: each FTS_ROWIDS ends with its `?`. */
export function matchParamIndexes(where: string): number[] {
  const out: number[] = [];
  let count = 0;
  for (let i = 0; i < where.length; i++) {
    if (where.startsWith(FTS_ROWIDS, i)) {
      out.push(count);
      count++;
      i += FTS_ROWIDS.length - 1;
    } else if (where[i] === '?') count++;
  }
  return out;
}

/**
 * `where`/`params`: the conditions on `l` (with `page` already appended); `from`/`to`: the
 * filter's time range, used only to narrow the rowids read. `oneList`: the filter's own
 * conditions (no guard, no page) are one positive full-text list in a conjunction. Returns up to `limit` rows, newest first.
 */
export function searchInWindows<R extends SearchKey>(
  db: Database,
  where: string,
  params: unknown[],
  range: { from?: number | null | undefined; to?: number | null | undefined },
  limit: number,
  opts: { firstWindow?: number; firstMatches?: number; oneList?: boolean } = {},
): R[] {
  const { firstWindow = FIRST_WINDOW, firstMatches = FIRST_MATCHES } = opts;
  // Widening the first window for the newest `limit` matches only pays for one positive list that
  // every row must match (`oneList`: the filter's own conditions pass oneMatchList): for a negated
  // rare word (`-rareword`) it would read and sort a huge window of rows (1 M lines: 26 → 200 ms).
  const single = opts.oneList === true;
  const bounds = rowidBounds(db, range);
  if (!bounds) return [];
  if (bounds.exact) {
    // A narrow time range: its rowids bound every full-text subquery in one go (walking down
    // from the newest match would first pass every newer one; measured 290 ms vs 45 ms for
    // `error` in a 2.8 h window in the middle of 10 M lines).
    const sql = `SELECT l.* FROM log_entries l WHERE ${withinRowids(where)} ORDER BY l.timestamp DESC, l.id DESC LIMIT ?`;
    return db.prepare(sql).all(...params, limit, { lo: bounds.lo, hi: bounds.hi }) as R[];
  }
  const topMatches = `${FTS_ROWIDS} AND rowid <= @hi ORDER BY rowid DESC LIMIT @n`;
  // Each full-text subquery's newest matches are read once per window, into a list that the row
  // query then takes in its place (json_each over the ids, bound where the MATCH expression was):
  // FTS5 evaluates a phrase or a prefix once instead of twice.
  // NOT INDEXED: rows are reached by rowid only (the full-text matches, or the window), so a
  // window costs at most its own size. Otherwise SQLite may walk e.g. every ERROR line through
  // the level index once per window (measured: 345 ms for `kernel level>=error` over 10 M lines).
  const stmt = db.prepare(
    `SELECT l.* FROM log_entries l NOT INDEXED WHERE ${where.replaceAll(FTS_ROWIDS, 'SELECT value FROM json_each(?)')} AND l.id BETWEEN @lo AND @hi ORDER BY l.timestamp DESC, l.id DESC LIMIT ?`,
  );
  const newestMatches = db.prepare(topMatches).pluck();
  const matchAt = matchParamIndexes(where);
  const expressions = matchAt.map((i) => params[i]);
  // Unary + keeps SQLite on the (timestamp, id) index walked backwards: the newest line below a rowid.
  const newestBelow = db.prepare('SELECT timestamp FROM log_entries WHERE +id < ? ORDER BY timestamp DESC LIMIT 1');
  let found: R[] = [];
  let hi = bounds.hi;
  let width = firstWindow;
  let n = firstMatches;
  while (hi >= bounds.lo) {
    const lists = expressions.map((e) => newestMatches.all(e, { hi, n }) as number[]);
    // Wide enough for the `limit` newest matches of one list (a phrase: 1 line in 800, so the
    // first 65 536 rowids held too few and a second window cost 3× as much), but never below
    // a list's n-th match, where it stops covering the window.
    const reach = single && lists[0]!.length >= limit ? lists[0]![limit - 1]! : Infinity;
    let lo = Math.max(bounds.lo, Math.min(hi - width + 1, reach));
    for (const ids of lists) if (ids.length === n) lo = Math.max(lo, ids[n - 1]!);
    const bound = [...params];
    matchAt.forEach((at, k) => (bound[at] = JSON.stringify(lists[k]!.filter((id) => id >= lo))));
    const rows = stmt.all(...bound, limit, { lo, hi }) as R[];
    if (rows.length) found = [...found, ...rows].sort(newestFirst).slice(0, limit);
    if (lo <= bounds.lo) break;
    const last = found.length >= limit ? found[limit - 1] : undefined;
    if (last) {
      // Below `lo` every id is smaller than last.id, so a line there comes after `last` unless strictly newer.
      const below = newestBelow.get(lo) as { timestamp: number } | undefined;
      if (!below || below.timestamp <= last.timestamp) break;
    }
    hi = lo - 1;
    width *= GROWTH;
    n *= GROWTH;
  }
  return found;
}

/** `where` with every full-text subquery and the row itself bounded to the rowids @lo..@hi. */
function withinRowids(where: string): string {
  return `${where.replaceAll(FTS_ROWIDS, `${FTS_ROWIDS} AND rowid BETWEEN @lo AND @hi`)} AND l.id BETWEEN @lo AND @hi`;
}

/**
 * For counts over a narrow time range (histogram, facets): the conditions bounded to the rowids
 * that range holds, so only the full-text matches in it are looked up instead of all of them
 * (measured: `error` in a 2.8 h window of 10 M lines). Null where that does not apply.
 */
export function narrowToTimeRange(db: Database, where: string, range: { from?: number | null | undefined; to?: number | null | undefined }): { where: string; rowids: { lo: number; hi: number } } | null {
  if (!hasFullText(where) || ((range.from ?? null) === null && (range.to ?? null) === null)) return null;
  const bounds = rowidBounds(db, range);
  if (!bounds) return { where: withinRowids(where), rowids: { lo: 1, hi: 0 } };
  return bounds.exact ? { where: withinRowids(where), rowids: { lo: bounds.lo, hi: bounds.hi } } : null;
}

/** The rowids that can hold lines of the time range: exact for a narrow range, else all. */
function rowidBounds(db: Database, range: { from?: number | null | undefined; to?: number | null | undefined }): { lo: number; hi: number; exact: boolean } | null {
  // Two subqueries: min() and max() in one SELECT would scan the table instead of reading each end.
  const all = db.prepare('SELECT (SELECT min(id) FROM log_entries) AS lo, (SELECT max(id) FROM log_entries) AS hi').get() as { lo: number | null; hi: number | null };
  if (all.lo === null || all.hi === null) return null;
  const from = range.from ?? null;
  const to = range.to ?? null;
  if (from === null && to === null) return { lo: all.lo, hi: all.hi, exact: false };
  // Index-only and capped: a wide range is not worth counting out.
  const probe = db
    .prepare('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM (SELECT id FROM log_entries WHERE timestamp >= ? AND timestamp <= ? LIMIT ?)')
    .get(from ?? Number.MIN_SAFE_INTEGER, to ?? Number.MAX_SAFE_INTEGER, RANGE_PROBE) as { lo: number | null; hi: number | null; n: number };
  if (probe.n === 0) return null;
  if (probe.n < RANGE_PROBE) return { lo: probe.lo as number, hi: probe.hi as number, exact: true };
  return { lo: all.lo, hi: all.hi, exact: false };
}
