/**
 * What extraction rules cost at ingest: LogHub-derived lines through the enrichment step
 * (where rules run, on the thread that parses requests) with no rules and with five, then the
 * built station over HTTP with and without the same rules. Needs a build (`out/`).
 *
 *   npx tsx test/bench/extraction.ts     BENCH_LINES (default 100 000), BENCH_ROUNDS (2)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LogRecord } from '../../src/core/db/repos/logs';
import { enrichLogRecord } from '../../src/core/ingest/enrich';
import { ExtractionRules } from '../../src/core/ingest/extract-rules';
import { spawnStation } from '../support/station-process';
import { benchLines } from './corpus';
import { fmt } from './stats';

const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLIENTS = 4;
const BATCH = 5_000;

/** Three rules for single services of the corpus and two that read every line. */
const RULES = [
  { name: 'hdfs', service: 'hdfs', kind: 'grok', pattern: '^%{INT:date} %{INT:time} %{INT:thread:int} %{LOGLEVEL:level} %{NOTSPACE:component}: ' },
  { name: 'ssh', service: 'openssh', kind: 'grok', pattern: 'sshd\\[%{INT:pid:int}\\]: .*?from %{IPV4:client_ip}(?: port %{INT:port:int})?' },
  { name: 'zk', service: 'zoo*', kind: 'grok', pattern: '^%{TIMESTAMP_ISO8601:ts} - %{LOGLEVEL:level}\\s+\\[%{DATA:thread}\\] - ' },
  { name: 'blocks', service: '*', kind: 'regex', pattern: 'blk_(?<block_id>-?\\d+)' },
  { name: 'ips', service: '*', kind: 'grok', pattern: '%{IPV4:ip}' },
] as const;

function enrichTiming(records: LogRecord[]): { none: number; rules: number; matched: number } {
  const set = new ExtractionRules(() => RULES.map((r, i) => ({ ...r, id: i + 1, enabled: true, order: i, created_at: 0, updated_at: 0 })));
  const extract = (r: LogRecord) => set.apply(r);
  let none = Infinity;
  let rules = Infinity;
  let matched = 0;
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    for (const r of records) enrichLogRecord(r);
    none = Math.min(none, performance.now() - t);
    t = performance.now();
    matched = 0;
    for (const r of records) if (enrichLogRecord(r, extract).metadata !== null) matched++;
    rules = Math.min(rules, performance.now() - t);
  }
  return { none, rules, matched };
}

async function overHttp(bodies: Buffer[], withRules: boolean): Promise<number> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-extraction-'));
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir, '--syslog-port', 'off']);
  try {
    if (withRules) {
      for (const rule of RULES) {
        const res = await fetch(`${st.url}/extraction/rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
        if (res.status !== 200) throw new Error(`rule ${rule.name}: HTTP ${res.status} ${await res.text()}`);
      }
    }
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const res = await fetch(`${st.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body: bodies[next++] });
          await res.arrayBuffer();
          if (res.status !== 202) throw new Error(`HTTP ${res.status}`);
        }
      }),
    );
    return LINES / ((performance.now() - started) / 1000);
  } finally {
    st.child.kill('SIGTERM');
    await st.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const lines = [...benchLines(LINES)];
  const records: LogRecord[] = lines.map((l) => ({
    timestamp: l.timestamp,
    level: l.level as LogRecord['level'],
    service: l.service,
    message: l.message,
    metadata: null,
    spacecraft_id: l.spacecraft_id,
    request_id: l.request_id,
    trace_id: null,
    span_id: null,
    source: null,
    labels: null,
  }));
  const t = enrichTiming(records);
  console.log(`bench:extraction — ${fmt(LINES)} lines, ${RULES.length} rules (2 read every line), ${os.cpus().length} cores`);
  console.log(`enrich step, no rules:  ${fmt(t.none, 1)} ms  (${fmt((t.none * 1e6) / LINES, 0)} ns/line)`);
  console.log(`enrich step, 5 rules:   ${fmt(t.rules, 1)} ms  (${fmt((t.rules * 1e6) / LINES, 0)} ns/line; ${fmt(t.matched)} lines got fields)`);

  const bodies: Buffer[] = [];
  for (let i = 0; i < lines.length; i += BATCH) bodies.push(gzipSync(lines.slice(i, i + BATCH).map((l) => JSON.stringify(l)).join('\n'), { level: 1 }));
  for (let round = 1; round <= ROUNDS; round++) {
    const none = await overHttp(bodies, false);
    const rules = await overHttp(bodies, true);
    console.log(`HTTP NDJSON+gzip round ${round}: no rules ${fmt(none)} lines/s, 5 rules ${fmt(rules)} lines/s (${fmt((rules / none - 1) * 100, 1)} %)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
