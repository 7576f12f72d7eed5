/**
 * The SQL of the log histogram: its FROM and WHERE (histogramSource), and the statement that
 * estimates it from a sample (sampledHistogramSql).
 *
 * A histogram estimated from a sample, for queries whose exact count takes too long
 * (millions of full-text matches to look up, JSON read from every line).
 *
 * Runs of BLOCK rowids are picked, 1 in `every`, by a multiplicative hash of the run's number,
 * and read whole (a rowid range each: the rest is never read); each count is scaled by `every`.
 * (A prefix term picks single lines instead, see sampledHistogramSql.)
 * A hash, not `n % every`: data made in a cycle (a counter, a job every n lines) would make a
 * modulus pick all or none of some values — sampling single lines by `id % 4` over the bench
 * corpus found 0 of the 22 611 `meta.duration_ms>990` lines. Rowids, not time: every line has
 * the same chance to be counted whatever its timestamp, so lines that arrived late count like any
 * other. Deterministic: the same query gets the same sample, so a refreshing chart does not jitter.
 * Measured over 10 M lines at 1 in 16 (load average ~4): `info` 0.5 s (exact 1.9–3.4 s), `kernel
 * level>=error` 0.15 s, `meta.duration_ms>990` 0.29 s (exact 3.1 s); totals within 0.2 %. Runs of
 * 64 were slower, runs of 256 further off for matches that come in bursts (`kernel`: +8.8 %).
 */
import { LOG_LEVELS } from '../../../shared/api/schemas/logs';
import { FTS_ROWIDS } from '../../query/log-query-sql';
import { oneMatchList } from './log-search-windows';

const DRIVEN_BY_MATCHES = `l.id IN (${FTS_ROWIDS})`;

/** The conditions without the query thread's deadline guard (LogsRepo appends it last), for deciding a plan. */
export function withoutGuard(where: string, guard: string | undefined): string {
  return guard && where.endsWith(` AND ${guard}`) ? where.slice(0, -guard.length - 5) : where;
}

/**
 * The histogram's FROM and WHERE, driven by the full-text match list where that is the plan
 * anyway: `log_fts CROSS JOIN log_entries` (CROSS JOIN keeps FTS5 the outer loop) streams the
 * matches straight into rowid lookups, where `l.id IN (…)` first copies them all into a temporary
 * b-tree. Measured over 10 M lines, `info` (4.5 M matches): 2.5–3.3 s → 1.8–2.0 s of CPU.
 * Only for one positive match list in a plain conjunction (no OR, no NOT: the list then bounds
 * every row counted) with no other column than id and timestamp: with a level condition the
 * planner's level-driven plan reads (level, timestamp, id) from the level index without any row
 * lookup, which is faster (`kernel level>=error`: 0.23 s against 0.47 s driven by the matches).
 * The MATCH keeps its place in the text, so the positional parameters keep their order.
 * `guard` (the query thread's deadline term, on l.id) is set aside before checking.
 */
export function histogramSource(where: string, guard?: string): string {
  const own = withoutGuard(where, guard);
  const columns = [...own.matchAll(/\bl\.(\w+)/g)].map(([, column]) => column);
  if (!own.includes(FTS_ROWIDS) && columns.every((c) => c === 'timestamp')) {
    // Only a time range: naming every level (the column's CHECK allows no other) lets the
    // (level, timestamp) index answer alone, five range scans with no row lookup, where the
    // (timestamp, id) index needs one per line for its level (last 22 h, 810 k lines: 360 → 235 ms).
    return `log_entries l WHERE l.level IN (${LOG_LEVELS.map((v) => `'${v}'`).join(',')}) AND ${where}`;
  }
  const drivable = oneMatchList(own) && columns.every((c) => c === 'id' || c === 'timestamp');
  if (!drivable) return `log_entries l WHERE ${where}`;
  return `log_fts CROSS JOIN log_entries l ON l.id = log_fts.rowid WHERE ${where.replace(DRIVEN_BY_MATCHES, 'log_fts MATCH ?')}`;
}

/** Rowids per block in the sample. */
const BLOCK = 128;
/** The hash's range: a sample of 1 in `every` takes the hashes below HASH_RANGE / every. */
export const HASH_RANGE = 65536;

/** `x`'s hash is in [@hashLo, @hashHi): a denser sample only adds the range above the last one. */
const picked = (x: string) => `((((${x}) * 2654435761) >> 16) & 65535) BETWEEN @hashLo AND @hashHi - 1`;

/**
 * The sampled histogram statement over `where` (conditions on `l`), named parameters after the
 * caller's positional ones: `first`/`bucket` as for the exact one, `lo`/`hi` the table's rowid
 * range, `hashLo`/`hashHi` the hashes picked. The caller scales each count by `every`. `prefix`: the full-text expression has a prefix term.
 */
export function sampledHistogramSql(where: string, guard: string | undefined, prefix: boolean): string {
  const select = 'SELECT (l.timestamp - CAST(@first AS INTEGER)) / CAST(@bucket AS INTEGER) AS b, l.level AS level, count(*) AS n';
  const blocks = `WITH RECURSIVE blk(s) AS (SELECT CAST(@lo AS INTEGER) UNION ALL SELECT s + ${BLOCK} FROM blk WHERE s + ${BLOCK} <= @hi)`;
  const inBlock = (id: string) => `${picked(`blk.s / ${BLOCK}`)} AND ${id} BETWEEN blk.s AND blk.s + ${BLOCK - 1}`;
  const own = withoutGuard(where, guard);
  if (oneMatchList(own)) {
    // FTS5 hands out the matches of one block (a rowid range) without reading the others: only
    // the picked blocks' matches are read and looked up, the full list is never built.
    const match = where.replace(DRIVEN_BY_MATCHES, 'log_fts MATCH ?');
    if (prefix) {
      // A prefix merges the lists of every word it covers, again for each block (`authentica*`
      // over 10 M lines: 68 s by blocks). Read the merged list once instead and test each match's
      // own rowid before its row is read: 0.97 s.
      return `${select} FROM log_fts CROSS JOIN log_entries l ON l.id = log_fts.rowid WHERE ${picked('log_fts.rowid')} AND ${match} GROUP BY b, l.level`;
    }
    return `${blocks} ${select} FROM blk CROSS JOIN log_fts CROSS JOIN log_entries l ON l.id = log_fts.rowid
            WHERE ${inBlock('log_fts.rowid')} AND ${match} GROUP BY b, l.level`;
  }
  // NOT INDEXED, and `+` on each match list's `l.id IN`: each picked block is read by its rowid
  // range. Otherwise SQLite reaches rows through an index, or looks up every full-text match
  // once per block (`service:hdfs PacketResponder` ran for minutes that way). A NOT or OR list is
  // still built whole, once.
  const plain = where.replaceAll(DRIVEN_BY_MATCHES, `+${DRIVEN_BY_MATCHES}`);
  return `${blocks} ${select} FROM blk CROSS JOIN log_entries l NOT INDEXED WHERE ${inBlock('l.id')} AND ${plain} GROUP BY b, l.level`;
}
