/**
 * npm run bench:ingest — log ingest throughput over HTTP with commit-then-ack, next to the raw
 * limit measured in the same run: better-sqlite3 inserting the same rows into the same schema,
 * indexes and full-text index, in one process, in large transactions.
 *
 *   BENCH_LINES (default 1 000 000), BENCH_CLIENTS (4), BENCH_BATCH (5 000 lines per request)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../../src/core/db/open';
import { OtlpTypes } from '../../src/core/ingest/formats/otlp/proto';
import { spawnStation } from '../support/station-process';
import { benchLines, type BenchLine } from './corpus';
import { fmt, peakRss, percentile } from './stats';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);

function dirSize(dir: string, base: string): number {
  return ['', '-wal', '-shm'].reduce((n, s) => {
    try {
      return n + statSync(join(dir, base + s)).size;
    } catch {
      return n;
    }
  }, 0);
}

/**
 * The naive loop: each row into log_entries and its message into the full-text index, one
 * statement each, 50 000 rows per transaction — what an app without an ingest design does.
 */
function rawReference(lines: BenchLine[]): number {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-raw-'));
  const db = openDatabase({ path: join(dir, 'raw.db') });
  const row = db.prepare(
    `INSERT INTO log_entries (timestamp, level, service, message, spacecraft_id, request_id, created_at)
     VALUES (@timestamp, @level, @service, @message, @spacecraft_id, @request_id, @created_at)`,
  );
  const fts = db.prepare('INSERT INTO log_fts (rowid, message) VALUES (?, ?)');
  const started = performance.now();
  const insert = db.transaction((chunk: BenchLine[]) => {
    const now = Date.now();
    for (const l of chunk) fts.run(row.run({ ...l, created_at: now }).lastInsertRowid, l.message);
  });
  for (let i = 0; i < lines.length; i += 50_000) insert(lines.slice(i, i + 50_000));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return lines.length / seconds;
}

async function main(): Promise<void> {
  console.log(`bench:ingest — ${fmt(LINES)} lines, ${CLIENTS} clients, ${fmt(BATCH)} lines per request, ${os.cpus().length} cores`);
  const lines = [...benchLines(LINES)];
  // A unique last line, to time "searchable after its 2xx".
  lines[lines.length - 1]!.message = `bench sentinel zqxjkv${Date.now()}`;

  const raw = rawReference(lines);
  console.log(`raw better-sqlite3 (same schema + FTS, row by row, 50k-row transactions): ${fmt(raw)} lines/s`);

  const ndjson: Buffer[] = [];
  const otlp: Buffer[] = [];
  for (let i = 0; i < lines.length; i += BATCH) {
    const chunk = lines.slice(i, i + BATCH);
    ndjson.push(gzipSync(chunk.map((l) => JSON.stringify(l)).join('\n'), { level: 1 }));
    otlp.push(gzipSync(otlpLogs(chunk), { level: 1 }));
  }
  await runStation('NDJSON+gzip', '/logs', 'application/x-ndjson', ndjson, raw, lines.length);
  await runStation('OTLP protobuf+gzip', '/v1/logs', 'application/x-protobuf', otlp, raw, lines.length);
}

const SEVERITY: Record<string, number> = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, CRITICAL: 21 };

/** One ExportLogsServiceRequest per batch, a resource per (service, spacecraft), as SDKs send. */
function otlpLogs(chunk: BenchLine[]): Uint8Array {
  const groups = new Map<string, BenchLine[]>();
  for (const l of chunk) {
    const key = `${l.service}\u0000${l.spacecraft_id}`;
    const g = groups.get(key) ?? [];
    g.push(l);
    groups.set(key, g);
  }
  const str = (stringValue: string) => ({ stringValue });
  const request = {
    resourceLogs: [...groups.values()].map((g) => ({
      resource: { attributes: [{ key: 'service.name', value: str(g[0]!.service) }, { key: 'spacecraft.id', value: str(g[0]!.spacecraft_id) }] },
      scopeLogs: [{
        scope: { name: 'bench' },
        logRecords: g.map((l) => ({
          timeUnixNano: (BigInt(l.timestamp) * 1_000_000n).toString(),
          severityNumber: SEVERITY[l.level],
          body: str(l.message),
          attributes: [{ key: 'request_id', value: str(l.request_id) }],
        })),
      }],
    })),
  };
  const type = OtlpTypes.ExportLogsServiceRequest;
  return type.encode(type.fromObject(request)).finish();
}

async function runStation(label: string, path: string, contentType: string, bodies: Buffer[], raw: number, count: number): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-station-'));
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir, '--syslog-port', 'off']);
  const latencies: number[] = [];
  let next = 0;
  let lastAck = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(`${st.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, 'content-encoding': 'gzip' }, body: bodies[i] });
        await res.arrayBuffer();
        if (res.status !== 202 && res.status !== 200) throw new Error(`${label} batch ${i}: HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
        if (i === bodies.length - 1) lastAck = performance.now();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const ackedAt = lastAck || performance.now();
  let searchableMs = NaN;
  for (;;) {
    const r = (await (await fetch(`${st.url}/logs/search?q=zqxjkv*&limit=1`)).json()) as { items: unknown[] };
    if (r.items.length) {
      searchableMs = performance.now() - ackedAt;
      break;
    }
    if (performance.now() - ackedAt > 30_000) break;
    await new Promise((r2) => setTimeout(r2, 5));
  }
  const rss = peakRss(st.child.pid!);
  st.child.kill('SIGTERM');
  await st.exited;
  const dbBytes = dirSize(dataDir, 'observatory.db');
  rmSync(dataDir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const rate = count / seconds;
  console.log(`station over HTTP (${label}, commit-then-ack): ${fmt(rate)} lines/s  = ${fmt(rate / raw, 2)}× raw`);
  console.log(`  request latency p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms`);
  console.log(`  peak RSS ${rss === null ? 'n/a' : `${fmt(rss / 2 ** 20)} MiB`}, DB ${fmt(dbBytes / count, 1)} bytes/line`);
  console.log(`  last line searchable ${fmt(searchableMs, 1)} ms after its 2xx`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
