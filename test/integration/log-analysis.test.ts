/**
 * Histogram, facets, context, saved searches and the streamed export, against a real station
 * (SQLite file in a temp dir, real HTTP), checked against brute force over the stored lines.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LogsRepo, type LogRecord } from '../../src/core/db/repos/logs';
import type { LogContext, LogFacets, LogHistogram, LogLevel, SavedSearch } from '../../src/shared/api/schemas/logs';
import { callHttp } from '../support/http-api';
import { postJson, startTestStation, type TestStation } from '../support/station';
import { prng } from '../support/random';

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];
const HOUR = 3_600_000;


interface Row {
  id: number;
  timestamp: number;
  level: LogLevel;
  service: string | null;
  spacecraft_id: string | null;
  source: string | null;
  message: string;
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

describe('histogram, facets, context', () => {
  const seed = Number(process.env.SEED ?? Date.now() % 100_000);
  const now = Date.UTC(2026, 0, 10, 12, 0, 0) + 123; // not aligned on purpose
  let s: TestStation;
  let rows: Row[];

  beforeAll(async () => {
    s = await startTestStation({ core: { alertIntervalMs: 3_600_000, collectIntervalMs: 3_600_000, now: () => now } });
    const r = prng(seed);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
    const words = ['pump', 'valve', 'thermal', 'gyro', 'downlink', 'checksum', 'nominal'];
    const lines = Array.from({ length: 3000 }, () => ({
      // Whole seconds: many equal timestamps, so (timestamp, id) tie-breaking is exercised.
      timestamp: now - Math.floor(r() * 30 * HOUR / 1000) * 1000,
      level: pick(LEVELS),
      service: pick(['nav', 'power', 'comms', null]),
      spacecraft_id: pick(['sc-1', 'sc-2', 'sc-3', null]),
      source: pick(['obc', 'ground', null]),
      message: `${pick(words)} ${pick(words)} reading ${Math.floor(r() * 100)}`,
    }));
    for (let i = 0; i < lines.length; i += 1000) {
      const res = await postJson(`${s.url}/logs`, lines.slice(i, i + 1000).map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== null))));
      expect(res.status).toBe(202);
    }
    rows = s.core.db.prepare('SELECT id, timestamp, level, service, spacecraft_id, source, message FROM log_entries').all() as Row[];
    expect(rows.length).toBe(3000);
  });
  afterAll(async () => s?.close());

  const matches = (row: Row, f: { word?: string; service?: string; minLevel?: LogLevel; from: number; to: number }) =>
    row.timestamp >= f.from &&
    row.timestamp <= f.to &&
    (f.word === undefined || row.message.split(' ').includes(f.word)) &&
    (f.service === undefined || row.service === f.service) &&
    (f.minLevel === undefined || LEVELS.indexOf(row.level) >= LEVELS.indexOf(f.minLevel));

  test.each<[string | undefined, Record<string, string>, { word?: string; service?: string; minLevel?: LogLevel }]>([
    ['1m', { from: 'now-2h' }, {}],
    ['5m', { from: 'now-6h', q: 'pump' }, { word: 'pump' }],
    ['7m', { from: 'now-30h', service: 'nav', min_level: 'WARN' }, { service: 'nav', minLevel: 'WARN' }],
    ['1h', { from: 'now-30h', to: 'now-3h', q: 'valve' }, { word: 'valve' }],
    [undefined, {}, {}],
  ])('histogram bucket=%s %j: per-level counts equal brute force, every aligned bucket present', async (bucket, query, f) => {
    const qs = new URLSearchParams({ ...query, ...(bucket ? { bucket } : {}) });
    const h = await get<LogHistogram>(`${s.url}/logs/histogram?${qs}`);
    const to = query.to === 'now-3h' ? now - 3 * HOUR : now;
    expect(h.to).toBe(to);
    expect(h.from).toBe(query.from === 'now-2h' ? now - 2 * HOUR : query.from === 'now-6h' ? now - 6 * HOUR : query.from === 'now-30h' ? now - 30 * HOUR : now - 24 * HOUR);
    const b = h.bucket_ms;
    if (!bucket) expect(b).toBe(30 * 60_000); // 24 h → 30 min (pickBucket)
    // Aligned, contiguous, covering [from, to].
    expect(h.buckets[0]!.t).toBe(Math.floor(h.from / b) * b);
    h.buckets.forEach((x, i) => expect(x.t).toBe(h.buckets[0]!.t + i * b));
    expect(h.buckets.at(-1)!.t).toBe(Math.floor(to / b) * b);
    const expected = new Map<number, Record<LogLevel, number>>();
    for (const row of rows) {
      if (!matches(row, { ...f, from: h.from, to })) continue;
      const t = Math.floor(row.timestamp / b) * b;
      const c = expected.get(t) ?? { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, CRITICAL: 0 };
      c[row.level]++;
      expected.set(t, c);
    }
    let total = 0;
    for (const x of h.buckets) {
      const want = expected.get(x.t) ?? { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, CRITICAL: 0 };
      expect(x.counts, `bucket ${x.t} (seed ${seed})`).toEqual(want);
      expect(x.total).toBe(LEVELS.reduce((n, l) => n + want[l], 0));
      total += x.total;
    }
    expect(h.total).toBe(total);
    expect(total).toBe([...expected.values()].reduce((n, c) => n + LEVELS.reduce((m, l) => m + c[l], 0), 0));
  });

  test('histogram refuses more than 1000 buckets, naming bucket', async () => {
    const res = await fetch(`${s.url}/logs/histogram?from=now-2d&bucket=1m`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^bucket: .*2881 buckets.*1000/);
    expect((await fetch(`${s.url}/logs/histogram?from=now-1000m&to=now-1m&bucket=1m`)).status).toBe(200);
  });

  test.each<[Record<string, string>, { word?: string; service?: string; minLevel?: LogLevel }]>([
    [{ limit: '2' }, {}],
    [{ q: 'thermal', limit: '3' }, { word: 'thermal' }],
    [{ from: 'now-30h', min_level: 'ERROR' }, { minLevel: 'ERROR' }],
  ])('facets %j equal brute-force top-N per column', async (query, f) => {
    const facets = await get<LogFacets>(`${s.url}/logs/facets?${new URLSearchParams(query)}`);
    const from = query.from === 'now-30h' ? now - 30 * HOUR : now - 24 * HOUR;
    const limit = Number(query.limit ?? 10);
    for (const column of ['level', 'service', 'spacecraft_id', 'source'] as const) {
      const counts = new Map<string, number>();
      for (const row of rows) {
        const v = row[column];
        if (v !== null && matches(row, { ...f, from, to: now })) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const top = [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, limit);
      expect(facets[column], `${column} (seed ${seed})`).toEqual(top);
    }
  });

  test('context returns exactly the neighbours in (timestamp, id) order, same service/spacecraft, at the edges too', async () => {
    const order = (a: Row, b: Row) => a.timestamp - b.timestamp || a.id - b.id;
    const group = (anchor: Row, same: string) =>
      rows
        .filter((r) => (same === 'any' || same === 'spacecraft_id' || r.service === anchor.service) && (same === 'any' || same === 'service' || r.spacecraft_id === anchor.spacecraft_id))
        .sort(order);
    const r = prng(seed + 1);
    const sorted = [...rows].sort(order);
    // The oldest and newest lines (range edges), and random ones.
    const anchors = [sorted[0]!, sorted.at(-1)!, ...Array.from({ length: 12 }, () => rows[Math.floor(r() * rows.length)]!)];
    for (const [i, anchor] of anchors.entries()) {
      const same = (['both', 'service', 'spacecraft_id', 'any'] as const)[i % 4]!;
      const before = i % 5 === 0 ? 0 : 1 + Math.floor(r() * 30);
      const after = 1 + Math.floor(r() * 30);
      const ctx = await get<LogContext>(`${s.url}/logs/${anchor.id}/context?before=${before}&after=${after}&same=${same}`);
      const g = group(anchor, same);
      const at = g.findIndex((x) => x.id === anchor.id);
      expect(ctx.anchor.id).toBe(anchor.id);
      expect(ctx.before.map((x) => x.id), `anchor ${anchor.id} same=${same} (seed ${seed})`).toEqual(g.slice(Math.max(0, at - before), at).map((x) => x.id));
      expect(ctx.after.map((x) => x.id)).toEqual(g.slice(at + 1, at + 1 + after).map((x) => x.id));
    }
    const oldest = await get<LogContext>(`${s.url}/logs/${sorted[0]!.id}/context?same=any`);
    expect(oldest.before).toEqual([]);
    const newest = await get<LogContext>(`${s.url}/logs/${sorted.at(-1)!.id}/context?same=any`);
    expect(newest.after).toEqual([]);
    expect((await fetch(`${s.url}/logs/99999999/context`)).status).toBe(404);
    expect((await fetch(`${s.url}/logs/abc/context`)).status).toBe(400);
  });

  test('context reads from the (service, timestamp) / (spacecraft_id, timestamp) indexes', () => {
    const plan = (sql: string) => (s.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('nav', 1, 1, 1, 20) as { detail: string }[]).map((p) => p.detail).join(' | ');
    expect(plan('SELECT l.* FROM log_entries l WHERE l.service IS ? AND l.timestamp <= ? AND (l.timestamp < ? OR l.id < ?) ORDER BY l.timestamp DESC, l.id DESC LIMIT ?')).toMatch(/USING INDEX log_entries_service_ts/);
    expect(plan('SELECT l.* FROM log_entries l WHERE l.spacecraft_id IS ? AND l.timestamp >= ? AND (l.timestamp > ? OR l.id > ?) ORDER BY l.timestamp, l.id LIMIT ?')).toMatch(/USING INDEX log_entries_spacecraft_ts/);
  });
});

describe('saved searches', () => {
  let s: TestStation;
  let clock = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    s = await startTestStation({ core: { alertIntervalMs: 3_600_000, collectIntervalMs: 3_600_000, now: () => clock } });
  });
  afterAll(async () => s?.close());

  test('save, list, upsert by name (keeps id and created_at), delete, and 400s', async () => {
    const first = await callHttp(s.url, 'searches.save', { name: 'nav errors', query: { service: 'nav', min_level: 'ERROR', from: 'now-1h' } });
    expect(first.status).toBe(201);
    const a = (first.result as { value: SavedSearch }).value;
    expect(a).toMatchObject({ name: 'nav errors', query: { service: 'nav', min_level: 'ERROR', from: 'now-1h' }, created_at: clock, updated_at: clock });
    await callHttp(s.url, 'searches.save', { name: 'pumps', query: { q: 'pump*' } });

    clock += 60_000;
    const again = (await callHttp(s.url, 'searches.save', { name: 'nav errors', query: { q: 'gyro' } })).result as { value: SavedSearch };
    expect(again.value).toEqual({ id: a.id, name: 'nav errors', query: { q: 'gyro' }, created_at: a.created_at, updated_at: clock });

    const list = (await callHttp(s.url, 'searches.list', {})).result as { value: { items: SavedSearch[] } };
    expect(list.value.items.map((x) => x.name)).toEqual(['nav errors', 'pumps']);

    expect((await callHttp(s.url, 'searches.delete', { id: a.id })).result).toEqual({ ok: true, value: { deleted: true } });
    expect((await callHttp(s.url, 'searches.delete', { id: a.id })).result).toEqual({ ok: true, value: { deleted: false } });
    expect(((await callHttp(s.url, 'searches.list', {})).result as { value: { items: SavedSearch[] } }).value.items.map((x) => x.name)).toEqual(['pumps']);

    for (const bad of [
      { name: '', query: {} },
      { name: '   ', query: {} },
      { name: 'x', query: { level: 'LOUD' } },
      { name: 'x', query: { from: 'yesterday-ish' } },
      { name: 'x', query: { from: 'now', to: 'now-1h' } },
      { name: 'x', query: { table: 'users' } },
      { name: 'x' },
      { name: 'x'.repeat(201), query: {} },
    ]) {
      const res = await callHttp(s.url, 'searches.save', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await callHttp(s.url, 'searches.delete', { id: 0 })).status).toBe(400);
  });
});

/** A tiny RFC 4180 reader for checking what we write. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      cell += '"';
      i += 2;
    } else if (quoted && c === '"') {
      quoted = false;
      i++;
    } else if (quoted) {
      cell += c;
      i++;
    } else if (c === '"') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' && next === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      cell += c;
      i++;
    }
  }
  return out;
}

describe('export', () => {
  const N = 100_000;
  const now = Date.UTC(2026, 0, 10);
  let s: TestStation;
  beforeAll(async () => {
    s = await startTestStation({ core: { alertIntervalMs: 3_600_000, collectIntervalMs: 3_600_000, now: () => now } });
    // 100 000 lines of ~1 KB (≈130 MB of NDJSON: far beyond the memory bound if buffered),
    // stored through the real repo in one transaction — quicker than 13 ingest requests.
    const repo = new LogsRepo(s.core.db);
    const pad = 'x'.repeat(900);
    const batch: LogRecord[] = [];
    s.core.db.transaction(() => {
      for (let i = 0; i < N; i++) {
        batch.push({
          timestamp: now - N * 10 + Math.floor(i / 3) * 30, // ties in threes
          level: LEVELS[i % 5]!,
          service: 'bulk',
          message: `line ${i} ${pad}`,
          metadata: JSON.stringify({ i, tags: ['a', 'b'] }),
          spacecraft_id: `sc-${i % 7}`,
          request_id: null,
          trace_id: null,
          span_id: null,
          source: null,
          labels: i % 2 ? JSON.stringify({ pass: String(i % 11) }) : null,
        });
        if (batch.length === 5000) repo.insertBatch(batch.splice(0), now);
      }
      repo.insertBatch(batch.splice(0), now);
    })();
  }, 120_000);
  afterAll(async () => s?.close());

  /**
   * Stream a response, handing each complete line to `onLine`, and sample this process's live
   * heap (after a full GC, so garbage awaiting collection does not count) every 50 ms. The
   * station runs in this process, so a station that buffered the export would show here.
   */
  async function streamLines(res: Response, onLine: (line: string) => void): Promise<{ bytes: number; peakLiveGrowth: number; peakRssGrowth: number; ms: number }> {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      const m = process.memoryUsage();
      return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
    };
    const base = live();
    let peakLive = 0;
    let peakRss = 0;
    const sample = () => {
      const m = live();
      peakLive = Math.max(peakLive, m.heap - base.heap);
      peakRss = Math.max(peakRss, m.rss - base.rss);
    };
    const started = performance.now();
    const timer = setInterval(sample, 50);
    const decoder = new TextDecoder();
    let rest = '';
    let bytes = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        const text = rest + decoder.decode(chunk, { stream: true });
        let from = 0;
        let nl: number;
        while ((nl = text.indexOf('\n', from)) >= 0) {
          onLine(text.slice(from, nl));
          from = nl + 1;
        }
        rest = text.slice(from);
      }
    } finally {
      clearInterval(timer);
    }
    const ms = performance.now() - started;
    sample();
    expect(rest).toBe('');
    return { bytes, peakLiveGrowth: peakLive, peakRssGrowth: peakRss, ms };
  }

  test('NDJSON of 100 000 lines streams in (timestamp, id) order with flat memory', async () => {
    const res = await fetch(`${s.url}/logs/export?format=ndjson&service=bulk`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="logs-start-20260110T000000Z.ndjson"`);
    expect(res.headers.get('x-total-count')).toBe(String(N));
    let n = 0;
    let prev = { timestamp: -1, id: -1 };
    const stats = await streamLines(res, (line) => {
      const e = JSON.parse(line) as { id: number; timestamp: number; metadata: { i: number }; labels: unknown; message: string };
      // Plain checks: 100 000 expect() calls would dominate the timing.
      if (!(e.timestamp > prev.timestamp || (e.timestamp === prev.timestamp && e.id > prev.id))) throw new Error(`out of order at ${n}`);
      if (e.metadata.i !== n) throw new Error(`line ${n} is ${e.metadata.i}`);
      if (n === 0) expect(e).toMatchObject({ metadata: { i: 0, tags: ['a', 'b'] }, labels: null, service: 'bulk', level: 'DEBUG' });
      prev = e;
      n++;
    });
    expect(n).toBe(N);
    console.log(`export ndjson: ${N} lines, ${(stats.bytes / 1e6).toFixed(0)} MB in ${stats.ms.toFixed(0)} ms (${Math.round(N / (stats.ms / 1000))} lines/s); peak live heap growth ${(stats.peakLiveGrowth / 2 ** 20).toFixed(1)} MiB, rss ${(stats.peakRssGrowth / 2 ** 20).toFixed(1)} MiB`);
    expect(stats.bytes).toBeGreaterThan(90e6);
    // Station and client share this process: a buffered export alone would add > 100 MB.
    expect(stats.peakLiveGrowth).toBeLessThan(50 * 2 ** 20);
  });

  test('CSV of 100 000 lines: header row, one record per line, flat memory; limit caps it', async () => {
    const res = await fetch(`${s.url}/logs/export?format=csv&service=bulk&from=2025-01-01T00:00:00Z`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="logs-20250101T000000Z-20260110T000000Z.csv"`);
    let n = 0;
    const stats = await streamLines(res, (line) => {
      if (n === 0) expect(line).toBe('id,time,timestamp,level,service,spacecraft_id,source,request_id,trace_id,span_id,message,metadata,labels,created_at\r');
      else if (n === 1) expect(parseCsv(`${line}\n`)[0]!.slice(3, 6)).toEqual(['DEBUG', 'bulk', 'sc-0']);
      n++;
    });
    expect(n).toBe(N + 1);
    console.log(`export csv: ${N} lines, ${(stats.bytes / 1e6).toFixed(0)} MB in ${stats.ms.toFixed(0)} ms (${Math.round(N / (stats.ms / 1000))} lines/s); peak live heap growth ${(stats.peakLiveGrowth / 2 ** 20).toFixed(1)} MiB, rss ${(stats.peakRssGrowth / 2 ** 20).toFixed(1)} MiB`);
    expect(stats.peakLiveGrowth).toBeLessThan(50 * 2 ** 20);

    const capped = await fetch(`${s.url}/logs/export?format=csv&service=bulk&limit=7`);
    expect(capped.headers.get('x-total-count')).toBe('7');
    expect(parseCsv(await capped.text()).length).toBe(8);
  });

  test('CSV cells are quoted per RFC 4180 and defused against formula injection', async () => {
    const nasty = ["=cmd|' /C calc'!A0", '+1', '-2', '@SUM(A1:A9)', '\t=1+1', '\r=1', 'plain, "quoted"\nnext line', 'safe = 1'];
    const lines = nasty.map((message, i) => ({ timestamp: now - 1000 + i, level: 'warn', service: '=HYPERLINK("http://x")', message, metadata: { f: '=1' }, labels: { a: '+b' } }));
    expect((await postJson(`${s.url}/logs`, lines)).status).toBe(202);
    const res = await fetch(`${s.url}/logs/export?format=csv&min_level=WARN&service=${encodeURIComponent('=HYPERLINK("http://x")')}`);
    const table = parseCsv(await res.text());
    const header = table[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(table.slice(1).map((r) => r[col('message')])).toEqual([
      "'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1:A9)", "'\t=1+1", "'\r=1", 'plain, "quoted"\nnext line', 'safe = 1',
    ]);
    for (const r of table.slice(1)) {
      expect(r[col('service')]).toBe(`'=HYPERLINK("http://x")`);
      expect(JSON.parse(r[col('metadata')]!)).toEqual({ f: '=1' });
      expect(JSON.parse(r[col('labels')]!)).toEqual({ a: '+b' });
    }
    // No FTS terms → counted; with free text → no count header (it would run the match twice).
    expect(res.headers.get('x-total-count')).toBe(String(nasty.length));
    const withText = await fetch(`${s.url}/logs/export?format=ndjson&q=calc`);
    expect(withText.headers.get('x-total-count')).toBeNull();
    expect((await withText.text()).trim().split('\n').length).toBe(1);
  });

  test('bad input is a 400 before any byte; the route sits behind the security plugin', async () => {
    for (const qs of ['format=xlsx', 'min_level=LOUD', 'from=yesterday-ish', 'limit=0', 'bogus=1']) {
      const res = await fetch(`${s.url}/logs/export?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('bad_request');
    }
    expect((await fetch(`${s.url}/logs/export`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });

  test('a client that goes away mid-stream stops the export; the station stays healthy', async () => {
    for (let round = 0; round < 3; round++) {
      const ac = new AbortController();
      const res = await fetch(`${s.url}/logs/export?format=ndjson&service=bulk`, { signal: ac.signal });
      const reader = res.body!.getReader();
      let got = 0;
      while (got < 2_000_000) got += (await reader.read()).value?.byteLength ?? 0;
      ac.abort();
      await reader.cancel().catch(() => undefined);
    }
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const search = await get<{ items: unknown[] }>(`${s.url}/logs/search?service=bulk&limit=3`);
    expect(search.items.length).toBe(3);
    const small = await fetch(`${s.url}/logs/export?format=ndjson&service=bulk&limit=10`);
    expect((await small.text()).trim().split('\n').length).toBe(10);
  });
});
