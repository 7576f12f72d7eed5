/**
 * npm run bench:metrics — the metric store against a real Prometheus 2.x in the same run:
 * the same samples (default 10 000 000 over 1 000 series, 30 days) remote-written to both,
 * then a fixed set of range queries asked of both through the same /api/v1/query_range.
 * Prints ingest samples/s and query p50/p95 per side, and the ratios.
 *
 *   BENCH_SAMPLES (10 000 000), BENCH_SERIES (1 000), BENCH_DAYS (30), BENCH_SLICE (samples per
 *   series per request, 50), BENCH_RUNS (runs per query, 10), BENCH_WARMUP (untimed runs per
 *   query and side first, 1: both sides' caches and JIT warm, as for a dashboard refresh)
 *
 * Each side's runs start once both sides are idle (settle()): neither is timed during the
 * other's background work (compaction, WAL checkpoint, garbage collection).
 */
import os from 'node:os';
import { compress } from 'snappyjs';
import { WriteRequest } from '../../src/core/ingest/formats/proto/remote-write';
import { prometheusMissing, startPrometheus } from '../support/prometheus';
import { startTestStation } from '../support/station';
import { fmt, percentile } from './stats';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10_000_000);
const SERIES = Number(process.env.BENCH_SERIES ?? 1_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const SLICE = Number(process.env.BENCH_SLICE ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const DAY = 86_400_000;

const PER_SERIES = Math.floor(SAMPLES / SERIES);
// A whole hour, as Grafana aligns a range to its step: every side may use its coarse data.
const END = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const START = END - DAYS * DAY;
const INTERVAL = Math.floor((END - START) / PER_SERIES);
/** 10 % of the series are counters, the rest gauges; 10 groups. */
const COUNTERS = Math.max(1, Math.floor(SERIES / 10));

function labels(i: number): { name: string; value: string }[] {
  const counter = i < COUNTERS;
  return [
    { name: '__name__', value: counter ? 'bench_requests_total' : 'bench_gauge' },
    { name: 'group', value: `g${i % 10}` },
    { name: 'series', value: `s${i}` },
  ];
}

/** Deterministic values: a daily wave plus noise for gauges, steady increments for counters. */
function value(i: number, k: number, ts: number): number {
  if (i < COUNTERS) return k * (1 + (i % 5));
  return 50 + 30 * Math.sin((2 * Math.PI * ts) / DAY + i) + ((k * 7919 + i * 104_729) % 1000) / 100;
}

function* payloads(): Generator<Buffer> {
  for (let k0 = 0; k0 < PER_SERIES; k0 += SLICE) {
    const timeseries = [];
    for (let i = 0; i < SERIES; i++) {
      const samples = [];
      for (let k = k0; k < Math.min(PER_SERIES, k0 + SLICE); k++) {
        const ts = START + k * INTERVAL + (i % INTERVAL);
        samples.push({ value: value(i, k, ts), timestamp: ts });
      }
      timeseries.push({ labels: labels(i), samples });
    }
    yield compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish()));
  }
}

async function ingest(url: string, bodies: Buffer[]): Promise<number> {
  const started = performance.now();
  for (const body of bodies) {
    const res = await fetch(`${url}/api/v1/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
      body,
    });
    if (res.status >= 300) throw new Error(`${url}: remote write answered ${res.status}: ${await res.text()}`);
  }
  return (performance.now() - started) / 1000;
}

const QUERIES: { name: string; query: string; range: number; step: string }[] = [
  { name: '24h / 1m, one series', query: 'bench_gauge{series="s500"}', range: DAY, step: '60' },
  { name: '24h / 1m, sum of all gauges', query: 'sum(bench_gauge)', range: DAY, step: '60' },
  { name: '24h / 1m, rate by group', query: 'sum by (group) (rate(bench_requests_total[1h]))', range: DAY, step: '60' },
  { name: '30d / 1h, avg by group', query: 'avg by (group) (bench_gauge)', range: DAYS * DAY, step: '3600' },
  { name: '30d / 1h, p95 of one group', query: 'quantile_over_time(0.95, bench_gauge{group="g3"}[1h])', range: DAYS * DAY, step: '3600' },
  { name: '30d / 1h, max_over_time', query: 'max by (group) (max_over_time(bench_gauge[1h]))', range: DAYS * DAY, step: '3600' },
];

interface Timing {
  p50: number;
  p95: number;
  series: number;
}

/** One query on one side: its time in ms and how many series it answered. */
async function runOnce(url: string, params: URLSearchParams, query: string): Promise<{ ms: number; series: number }> {
  const t = performance.now();
  const res = await fetch(`${url}/api/v1/query_range?${params}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: unknown[] } };
  const ms = performance.now() - t;
  if (body.status !== 'success') throw new Error(`${url}: ${query}: ${body.error}`);
  return { ms, series: body.data.result.length };
}

/**
 * One side's runs back to back (after `settle`). Alternating the sides run by run was tried:
 * then each station run started while Prometheus's Go runtime still collected garbage from the
 * run before on both cores (a 900-series sum 85 → 144 ms), which measured Prometheus, not us.
 */
async function timeQuery(url: string, q: (typeof QUERIES)[number]): Promise<Timing> {
  const params = new URLSearchParams({ query: q.query, start: String((END - q.range) / 1000), end: String(END / 1000), step: q.step });
  const times: number[] = [];
  let series = 0;
  for (let r = -WARMUP; r < RUNS; r++) {
    const one = await runOnce(url, params, q.query);
    if (r >= 0) times.push(one.ms);
    series = one.series;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), series };
}

/**
 * Wait (at most 120 s) until neither side is busy: after the load Prometheus compacts its head
 * into blocks and the station checkpoints its WAL, and after its queries Prometheus collects
 * garbage; a query timed meanwhile measures the other side's background work. Quiet: under
 * 0.15 CPU-seconds per second for each, `seconds` seconds in a row.
 */
async function settle(prometheusCpu: () => Promise<number | null>, seconds = 2): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let p0 = (await prometheusCpu()) ?? 0;
  let s0 = process.cpuUsage();
  while (quiet < seconds && performance.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const p1 = (await prometheusCpu()) ?? 0;
    const s1 = process.cpuUsage(s0);
    const stationCpu = (s1.user + s1.system) / 1e6;
    quiet = p1 - p0 < 0.15 && stationCpu < 0.15 ? quiet + 1 : 0;
    p0 = p1;
    s0 = process.cpuUsage();
  }
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  if (prometheusMissing) throw new Error(prometheusMissing);
  console.log(`bench:metrics — ${fmt(PER_SERIES * SERIES)} samples, ${fmt(SERIES)} series, ${DAYS} days (one sample per ${fmt(INTERVAL / 1000)} s per series), ${fmt(SERIES * SLICE)} samples per request`);
  const bodies = [...payloads()];
  const station = await startTestStation({ core: { collectIntervalMs: 3_600_000 } as never });
  const prometheus = await startPrometheus('global:\n  scrape_interval: 1h\n', 30_000, ['--web.enable-remote-write-receiver', '--storage.tsdb.retention.time=400d']);
  try {
    const stationS = await ingest(station.url, bodies);
    const promS = await ingest(prometheus.url, bodies);
    const total = PER_SERIES * SERIES;
    const sRate = total / stationS;
    const pRate = total / promS;
    console.log(`\ningest (remote write, one client, committed on 2xx)`);
    console.log(`  station     ${fmt(sRate)} samples/s (${fmt(stationS, 1)} s)`);
    console.log(`  prometheus  ${fmt(pRate)} samples/s (${fmt(promS, 1)} s)`);
    console.log(`  ratio       ${fmt(sRate / pRate, 2)}× (target ≥ 0.5×)`);
    // Rollups are rebuilt by the writer after the load (queries read raw samples meanwhile):
    // query once they are complete, and say how long that took.
    const rollupStart = performance.now();
    // Staged samples (ingest/staged-merge.ts) are moved within ~50 ms of the last write, and
    // mark their rollups dirty then: wait for both.
    const pending = station.core.db.prepare('SELECT (SELECT count(*) FROM metric_rollup_dirty) + (SELECT count(*) FROM metric_staging)').pluck();
    while ((pending.get() as number) > 0) await new Promise((r) => setTimeout(r, 250));
    console.log(`  rollups complete ${fmt((performance.now() - rollupStart) / 1000, 1)} s after the last 2xx`);
    const promCpu = () => prometheus.ownMetric('process_cpu_seconds_total');
    const settled = await settle(promCpu);
    console.log(`  both sides idle ${fmt(settled, 1)} s later; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`\nrange queries (${RUNS} runs each after ${WARMUP} untimed, each side once both are idle), ms  station p50 / p95     prometheus p50 / p95    ratio p50`);
    for (const q of QUERIES) {
      await settle(promCpu, 1);
      const s = await timeQuery(station.url, q);
      await settle(promCpu, 1);
      const p = await timeQuery(prometheus.url, q);
      console.log(
        `  ${q.name.padEnd(34)} ${fmt(s.p50, 1).padStart(8)} / ${fmt(s.p95, 1).padStart(8)}   ${fmt(p.p50, 1).padStart(8)} / ${fmt(p.p95, 1).padStart(8)}   ${fmt(s.p50 / p.p50, 2).padStart(6)}×  (${s.series}/${p.series} series)`,
      );
    }
    console.log(`load average after the queries ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    await prometheus.stop();
    await station.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
