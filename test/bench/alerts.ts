/**
 * `npm run bench:alerts`: 1 000 rules (mixed kinds) on the built station over a live ingest.
 * Prints the evaluation cost (CPU % of one core, station with rules minus the same station and
 * ingest without them) and the latency from the 2xx of the triggering data to the notification
 * arriving at a real webhook receiver (p50/p99), for log-match and pushed-metric threshold rules.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { spawnStation, type StationProcess } from '../support/station-process';
import { fmt, percentile } from './stats';

const RULES = Number(process.env.BENCH_RULES ?? 1000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 40);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 30_000);
const TICKS_PER_S = 100; // /proc clock ticks (USER_HZ) on Linux

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // utime + stime
}

async function cpuPercent(pid: number, ms: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return ((cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
}

async function post(st: StationProcess, path: string, body: unknown): Promise<Response> {
  const res = await fetch(`${st.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function main(): Promise<void> {
  const arrived = new Map<string, number>();
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const at = performance.now();
      for (const a of (JSON.parse(body) as { alerts: { rule_name: string }[] }).alerts) if (!arrived.has(a.rule_name)) arrived.set(a.rule_name, at);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'observatory-bench-alerts-'));
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
  const pid = st.child.pid as number;
  let ingesting = true;
  try {
    await post(st, '/notifications/channels', { name: 'bench-hook', kind: 'webhook', config: { url: hookUrl } });
    const route = { id: 'root', parent: null, matchers: [], severities: [], receivers: ['bench-hook'], continue: false, group_by: ['...'], group_wait: '0s', group_interval: '1s', repeat_interval: '0', send_resolved: false, escalation: [] };
    await post(st, '/notifications/routing', { routes: [route], flood: { max_alerts: 0, window: '5m' } });

    // Live ingest all along: 200 log lines/s and 400 metric samples/s, none breaching.
    const quarter = Math.floor(RULES / 4);
    const ingest = (async () => {
      for (let seq = 0; ingesting; seq++) {
        const lines = Array.from({ length: 20 }, (_, i) => ({ message: `telemetry nominal seq ${seq} ${i}`, spacecraft_id: `sc-${i % 5}` }));
        const samples = Array.from({ length: 40 }, (_, i) => ({ name: `bench.m${(seq * 40 + i) % Math.max(1, quarter * 2)}`, value: 10 }));
        await Promise.all([post(st, '/logs', lines), post(st, '/metrics', samples)]).catch(() => {});
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    await new Promise((r) => setTimeout(r, 3000));
    const baseline = await cpuPercent(pid, MEASURE_MS / 2);

    // Mixed kinds: 40 % log match, 40 % metric threshold, 10 % rate of change, 10 % absence.
    const t0 = performance.now();
    for (let i = 0; i < RULES; i++) {
      const k = i % 10;
      const rule =
        k < 4
          ? { rule_name: `bench-log-${i}`, kind: 'log_match', condition: `"benchtok${i}x"`, operator: '>', threshold: 0 }
          : k < 8
            ? // Rules the latency trials trigger watch a metric of their own, which the background ingest never resets.
              { rule_name: `bench-metric-${i}`, kind: 'metric_threshold', condition: k === 4 ? `last(bench.t${i})` : `last(bench.m${i % (quarter * 2)})`, operator: '>', threshold: 100 }
            : k < 9
              ? { rule_name: `bench-delta-${i}`, kind: 'rate_of_change', condition: `delta(bench.m${i % (quarter * 2)})`, operator: '>', threshold: 1000 }
              : { rule_name: `bench-absence-${i}`, kind: 'absence', condition: `metric bench.m${i % (quarter * 2)}`, operator: '>', threshold: 0, window: '1h' };
      await post(st, '/alerts/rules', { ...rule, severity: 'critical' });
    }
    const created = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 3000));
    const withRules = await cpuPercent(pid, MEASURE_MS);

    // Latency: the 2xx of the data that breaches → the notification at the webhook.
    const slowest: string[] = [];
    const latency = async (kind: 'log' | 'metric') => {
      const out: number[] = [];
      for (let t = 0; t < TRIALS; t++) {
        const i = kind === 'log' ? t * 10 : t * 10 + 4; // a rule of that kind
        const name = `bench-${kind}-${i}`;
        const sent = kind === 'log'
          ? await post(st, '/logs', { message: `valve benchtok${i}x stuck`, level: 'error' }).then(() => performance.now())
          : await post(st, '/metrics', { name: `bench.t${i}`, value: 1000 + t }).then(() => performance.now());
        const end = sent + 10_000;
        while (!arrived.has(name) && performance.now() < end) await new Promise((r) => setTimeout(r, 2));
        const at = arrived.get(name);
        out.push(at === undefined ? Number.POSITIVE_INFINITY : Math.max(0, at - sent));
        // A trial past a second names itself: an ingest evaluation that skipped its rule shows as ~the interval.
        if (!(at !== undefined && at - sent <= 1000)) slowest.push(`${name} ${at === undefined ? 'lost' : `${fmt(at - sent)} ms`} (trial ${t})`);
      }
      return out.sort((a, b) => a - b);
    };
    const logLat = await latency('log');
    const metricLat = await latency('metric');
    ingesting = false;
    await ingest;
    // The notification side alone: outbox row written (in the alert's transaction) → sent.
    const log = (await (await fetch(`${st.url}/notifications/deliveries?status=sent&limit=1000`)).json()) as { items: { purpose: string; created_at: number; sent_at: number }[] };
    const outbox = log.items.filter((d) => d.purpose === 'firing').map((d) => d.sent_at - d.created_at).sort((a, b) => a - b);

    const evalCost = withRules - baseline;
    console.log(`alerts bench: ${RULES} rules (40% log match, 40% metric threshold, 10% rate of change, 10% absence), default 10 s interval, live ingest 200 lines/s + 400 samples/s`);
    console.log(`  rules created over HTTP in ${fmt(created / 1000, 1)} s`);
    console.log(`  station CPU: ${fmt(baseline, 1)} % of a core without rules, ${fmt(withRules, 1)} % with them → evaluation cost ${fmt(evalCost, 1)} % of one core`);
    for (const [label, lat] of [['log match', logLat], ['metric threshold (pushed)', metricLat]] as const) {
      const lost = lat.filter((x) => !Number.isFinite(x)).length;
      console.log(`  2xx → notification at the webhook, ${label}: p50 ${fmt(percentile(lat, 50))} ms, p99 ${fmt(percentile(lat, 99))} ms over ${lat.length} alerts${lost ? ` (${lost} not within 10 s)` : ''}`);
    }
    if (slowest.length) console.log(`  trials over 1 s: ${slowest.join(', ')}`);
    console.log(`  of which evaluation → sent (outbox row time → webhook answered): p50 ${fmt(percentile(outbox, 50))} ms, p99 ${fmt(percentile(outbox, 99))} ms over ${outbox.length} notifications`);
    const failed = st.output().split('\n').filter((l) => l.includes('alert rule evaluation failed'));
    if (failed.length) console.log(`  rule evaluations that failed (logged by the station): ${failed.length}, first: ${failed[0]?.slice(0, 200)}`);
    console.log(`  (load average while measuring: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')} on ${os.cpus().length} cores)`);
  } finally {
    ingesting = false;
    st.child.kill('SIGTERM');
    await st.exited;
    hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
