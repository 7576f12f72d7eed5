/**
 * npm run bench:search — search latency over a 10 000 000-line store, next to ripgrep over the
 * same lines as NDJSON, measured in the same run.
 *
 * Through the real HTTP API of a station started in this process (startServer: Fastify on an
 * ephemeral port, query threads, the corpus's SQLite file; retention off so the cached corpus is
 * never trimmed); should the station not start on the corpus, through the same handlers over the
 * same query threads without Fastify (the output says which). Per query: p50/p95 of GET /logs/search for the newest 100 lines, the median
 * GET /logs/histogram over the whole corpus, ripgrep's time for an equivalent pattern (the
 * better of two runs, page cache warm) and the ratio. Then peak RSS and the store's size.
 *
 *   BENCH_LINES (10 000 000), BENCH_RUNS (20 per query), BENCH_QUERY_TIMEOUT_MS (60 000: measure
 *   true times; the station's default limit is 2 000, marked in the table), BENCH_BUILD_ONLY=1
 *   (build or check the cached corpus, measure nothing)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../../src/station/server';
import type { HandlerContext } from '../../src/core/handlers/context';
import { logAnalysisHandlers } from '../../src/core/handlers/log-analysis';
import { logsHandlers } from '../../src/core/handlers/logs';
import { DEFAULT_QUERY_TIMEOUT_MS, startLogQueryThreads } from '../../src/core/query/worker/index';
import { ApiError } from '../../src/shared/api/errors';
import { loadOrBuildCorpus, requestId, type Corpus } from './search-corpus';
import { searchQueries, type BenchQuery } from './search-queries';
import { fmt, peakRss, percentile } from './stats';

const LINES = Number(process.env.BENCH_LINES ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const QUERY_TIMEOUT_MS = Number(process.env.BENCH_QUERY_TIMEOUT_MS ?? 60_000);
const TARGET_P95_MS = 200;
const TARGET_HISTOGRAM_MS = 1000;

const log = (s: string) => console.log(s);

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

type Answer = { ms: number; status: number; body: unknown };
/** Where queries go: the station's HTTP API, or (when the station cannot start) its handlers directly. */
interface Target {
  via: string;
  get(pathAndQuery: string): Promise<Answer>;
  close(): Promise<void>;
}

/** Time one GET; the body is read in full (that is part of the answer's cost). */
async function httpGet(url: string, retry = true): Promise<Answer> {
  const t = performance.now();
  // A kept-alive socket may be closed by the server while ripgrep ran (Node's 5 s idle timeout): ask again.
  const res = await fetch(url).catch((e: unknown) => (retry ? null : Promise.reject(e)));
  if (!res) return httpGet(url, false);
  const text = await res.text();
  return { ms: performance.now() - t, status: res.status, body: JSON.parse(text) as unknown };
}

async function httpTarget(dataDir: string): Promise<Target> {
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'error', syslogPort: null, core: { retentionIntervalMs: 0, queryTimeoutMs: QUERY_TIMEOUT_MS } });
  try {
    await server.ready;
  } catch (e) {
    await server.close().catch(() => undefined);
    throw e;
  }
  return { via: `HTTP API of a station in this process (${server.url})`, get: (p) => httpGet(`${server.url}${p}`), close: () => server.close() };
}

/** The same handlers (logs.search, logs.histogram) over the same query threads, without Fastify. */
async function handlerTarget(dbPath: string): Promise<Target> {
  const threads = await startLogQueryThreads({ dbPath, timeoutMs: QUERY_TIMEOUT_MS });
  const ctx = { logReads: threads.reads, now: Date.now } as unknown as HandlerContext;
  const api = { ...logsHandlers(ctx), ...logAnalysisHandlers(ctx) };
  return {
    via: 'the core handlers over the query threads (no HTTP)',
    async get(p) {
      const [path, query] = p.split('?') as [string, string];
      const input: Record<string, unknown> = Object.fromEntries(new URLSearchParams(query));
      if (input.limit !== undefined) input.limit = Number(input.limit);
      const t = performance.now();
      try {
        const body = path === '/logs/search' ? await api['logs.search'](input as never) : await api['logs.histogram'](input as never);
        JSON.stringify(body);
        return { ms: performance.now() - t, status: 200, body };
      } catch (e) {
        return { ms: performance.now() - t, status: e instanceof ApiError ? e.status : 500, body: null };
      }
    },
    close: () => threads.close(),
  };
}

/** ripgrep over the NDJSON: the better of two runs (the first may read from disk). */
function ripgrep(q: BenchQuery, ndjson: string): { ms: number; count: number } {
  let best = Infinity;
  let count = 0;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const r = spawnSync('sh', ['-c', `${q.rg} | wc -l`], { env: { ...process.env, F: ndjson }, encoding: 'utf8', maxBuffer: 1 << 20 });
    best = Math.min(best, performance.now() - t);
    count = Number(r.stdout.trim());
  }
  return { ms: best, count };
}

function qs(q: BenchQuery, extra: Record<string, string>): string {
  return new URLSearchParams({ ...(q.q ? { q: q.q } : {}), ...(q.params ?? {}), ...extra }).toString();
}

interface Row {
  q: BenchQuery;
  p50: number;
  p95: number;
  runs: number;
  status: number;
  returned: number;
  histMs: number;
  histStatus: number;
  matched: number | null;
  /** Set when the default histogram was estimated from a sample: what share, the exact count's time and the estimate's error. */
  sample: { fraction: number; exactMs: number; exactStatus: number; totalErr: number; bucketErr: number } | null;
  rgMs: number;
  rgCount: number;
}

interface HistogramBody {
  total: number;
  buckets: { total: number }[];
  sampled?: { fraction: number };
}

/**
 * For an estimated histogram: the exact one (no query limit in the bench), and how far the
 * estimate was — of the total, and summed over buckets (Σ|estimate − exact| ÷ Σ exact).
 */
async function compareExact(target: Target, histUrl: string, est: HistogramBody): Promise<Row['sample']> {
  if (!est.sampled) return null;
  const exact = await target.get(`${histUrl}&exact=true`);
  if (exact.status !== 200) return { fraction: est.sampled.fraction, exactMs: exact.ms, exactStatus: exact.status, totalErr: NaN, bucketErr: NaN };
  const body = exact.body as HistogramBody;
  const off = body.buckets.reduce((s, b, i) => s + Math.abs((est.buckets[i]?.total ?? 0) - b.total), 0);
  return { fraction: est.sampled.fraction, exactMs: exact.ms, exactStatus: 200, totalErr: Math.abs(est.total - body.total) / Math.max(1, body.total), bucketErr: off / Math.max(1, body.total) };
}

async function measure(target: Target, q: BenchQuery, corpus: Corpus): Promise<Row> {
  const searchUrl = `/logs/search?${qs(q, { limit: '100' })}`;
  const first = await target.get(searchUrl); // warm-up: page cache and statement cache
  const times: number[] = [];
  const budget = performance.now() + 15_000;
  let last = first;
  for (let i = 0; i < RUNS && (i < 3 || performance.now() < budget); i++) {
    last = await target.get(searchUrl);
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  const histUrl = `/logs/histogram?${qs(q, { from: String(q.params?.from ?? corpus.start), to: String(q.params?.to ?? corpus.end - 1) })}`;
  const hist: { ms: number; status: number; body: unknown }[] = [];
  for (let i = 0; i < 3; i++) hist.push(await target.get(histUrl));
  hist.sort((a, b) => a.ms - b.ms);
  const h = hist[1]!;
  const sample = h.status === 200 ? await compareExact(target, histUrl, h.body as HistogramBody) : null;
  const rg = ripgrep(q, corpus.ndjsonPath);
  return {
    q,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    runs: times.length,
    status: last.status,
    returned: last.status === 200 ? (last.body as { items: unknown[] }).items.length : 0,
    histMs: h.ms,
    histStatus: h.status,
    matched: h.status === 200 ? (h.body as { total: number }).total : null,
    sample,
    rgMs: rg.ms,
    rgCount: rg.count,
  };
}

async function main(): Promise<void> {
  log(`bench:search — ${fmt(LINES)} lines, ${RUNS} runs per query, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const corpus = loadOrBuildCorpus(LINES, log);
  if (process.env.BENCH_BUILD_ONLY) return;
  const dbBytes = fileSize(corpus.dbPath) + fileSize(`${corpus.dbPath}-wal`);
  log(`corpus: ${fmt(corpus.lines)} lines, ${new Date(corpus.start).toISOString()} … ${new Date(corpus.end).toISOString()}, built in ${corpus.buildSeconds} s`);
  log(`store ${fmt(dbBytes / 2 ** 20)} MiB (${fmt(dbBytes / corpus.lines)} bytes/line), NDJSON ${fmt(fileSize(corpus.ndjsonPath) / 2 ** 20)} MiB`);

  // Reference figures from this run, for a noisy machine: a raw scan by SQLite and by ripgrep.
  const raw = new Database(corpus.dbPath, { readonly: true });
  let t = performance.now();
  raw.prepare('SELECT count(*) FROM log_entries WHERE labels = ?').get('nope');
  const sqliteScanMs = performance.now() - t;
  raw.close();
  t = performance.now();
  spawnSync('rg', ['-c', '-F', 'zq-no-such-token-zq', corpus.ndjsonPath]);
  spawnSync('rg', ['-c', '-F', 'zq-no-such-token-zq', corpus.ndjsonPath]);
  const rgScanMs = (performance.now() - t) / 2;
  log(`reference: SQLite full-table scan (count where no row matches) ${fmt(sqliteScanMs)} ms; ripgrep over the NDJSON, no match ${fmt(rgScanMs)} ms`);

  // Peak RSS from here on: the station (and this client), not the corpus build.
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: the peak then includes the build
  }
  let target: Target;
  try {
    target = await httpTarget(dirname(corpus.dbPath));
  } catch (e) {
    log(`the station would not start on the corpus (${(e as Error).message}); measuring through the handlers instead`);
    target = await handlerTarget(corpus.dbPath);
  }
  log(`queries go through ${target.via}`);
  const rows: Row[] = [];
  try {
    const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
    for (const q of searchQueries(corpus, requestId(Math.floor(corpus.lines * 0.37)))) {
      if (only && !only.some((o) => q.name.includes(o))) continue;
      const row = await measure(target, q, corpus);
      rows.push(row);
      log(
        `  ${q.name.padEnd(26)} p50 ${fmt(row.p50).padStart(6)} ms  p95 ${fmt(row.p95).padStart(6)} ms  histogram ${fmt(row.histMs).padStart(6)} ms` +
          `  matched ${row.matched === null ? `HTTP ${row.histStatus}` : fmt(row.matched)}  rg ${fmt(row.rgMs)} ms (${fmt(row.rgCount)} lines)` +
          (row.sample ? `\n  ${''.padEnd(26)} histogram sampled (${pct(row.sample.fraction)} counted): exact ${fmt(row.sample.exactMs)} ms, estimate off by ${pct(row.sample.totalErr)} in total, ${pct(row.sample.bucketErr)} summed over buckets` : ''),
      );
    }
  } finally {
    await target.close();
  }
  const peak = peakRss(process.pid) ?? process.resourceUsage().maxRSS * 1024;
  printTable(rows);
  log(`\npeak RSS (station + client, after the build): ${fmt(peak / 2 ** 20)} MiB; store ${fmt(dbBytes / 2 ** 20)} MiB`);
  log(`reference from this run: SQLite scan of all rows ${fmt(sqliteScanMs)} ms, ripgrep scan ${fmt(rgScanMs)} ms; load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rgVersion = execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  log(`${rgVersion}; station query limit in this run ${fmt(QUERY_TIMEOUT_MS)} ms (default ${fmt(DEFAULT_QUERY_TIMEOUT_MS)} ms: ⚠ marks queries it would stop)`);
}

const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)} %`;

function printTable(rows: Row[]): void {
  log('\n| query | q / filters | p50 ms | p95 ms | histogram ms | matched | ripgrep ms | rg lines | rg ÷ p50 |');
  log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const flag = (ms: number, target: number) => `${fmt(ms)}${ms > DEFAULT_QUERY_TIMEOUT_MS ? ' ⚠' : ms > target ? ' ✗' : ''}`;
    const filters = [r.q.q ? `\`${r.q.q}\`` : '', ...Object.entries(r.q.params ?? {}).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(' ');
    log(
      `| ${r.q.name} | ${filters} | ${flag(r.p50, TARGET_P95_MS)} | ${flag(r.p95, TARGET_P95_MS)} | ${flag(r.histMs, TARGET_HISTOGRAM_MS)} | ${r.matched === null ? `HTTP ${r.histStatus}` : fmt(r.matched)} | ${fmt(r.rgMs)} | ${fmt(r.rgCount)} | ${fmt(r.rgMs / r.p50, 1)}× |`,
    );
  }
  const misses = rows.filter((r) => r.p95 > TARGET_P95_MS).map((r) => r.q.name);
  const histMisses = rows.filter((r) => r.histMs > TARGET_HISTOGRAM_MS).map((r) => r.q.name);
  const sampled = rows.filter((r) => r.sample);
  if (sampled.length) {
    log('\n| query | histogram (estimate) | share counted | exact histogram | error of the total | Σ bucket error |');
    log('| --- | --- | --- | --- | --- | --- |');
    for (const r of sampled) {
      const sm = r.sample!;
      log(`| ${r.q.name} | ${fmt(r.histMs)} ms | ${pct(sm.fraction)} | ${sm.exactStatus === 200 ? `${fmt(sm.exactMs)} ms` : `HTTP ${sm.exactStatus}`} | ${pct(sm.totalErr)} | ${pct(sm.bucketErr)} |`);
    }
  }
  log(`\ntargets: p95 ≤ ${TARGET_P95_MS} ms — missed by ${misses.length ? misses.join(', ') : 'none'}; histogram ≤ ${TARGET_HISTOGRAM_MS} ms — missed by ${histMisses.length ? histMisses.join(', ') : 'none'}`);
  const selective = rows.filter((r) => r.q.selective);
  log(`selective queries ≥ 20× faster than ripgrep: ${selective.filter((r) => r.rgMs / r.p50 >= 20).length} of ${selective.length} (${selective.map((r) => `${r.q.name} ${fmt(r.rgMs / r.p50, 0)}×`).join(', ')})`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
