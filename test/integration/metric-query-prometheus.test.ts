/**
 * The same samples, remote-written to a real Prometheus 2.x and to the station; every supported
 * function and operator is asked of both through Prometheus's own HTTP API, and the answers
 * must agree: the same series (label sets) with the same values, at one instant and over a range.
 */
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WriteRequest } from '../../src/core/ingest/formats/proto/remote-write';
import { prometheusMissing, startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { startTestStation, type TestStation } from '../support/station';

const MIN = 60_000;
// Whole minutes, 40 minutes ago: inside Prometheus's head block, and times compare exactly.
const T0 = Math.floor(Date.now() / MIN) * MIN - 40 * MIN;
const AT = T0 + 30 * MIN;

type Series = { labels: Record<string, string>; samples: [number, number][] };

/** A small deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

function dataset(): Series[] {
  const r = rng(42);
  const out: Series[] = [];
  const every = (stepS: number, from: number, to: number, f: (i: number, ts: number) => number) => {
    const samples: [number, number][] = [];
    for (let ts = from, i = 0; ts <= to; ts += stepS * 1000, i++) samples.push([f(i, ts), ts]);
    return samples;
  };
  const end = T0 + 35 * MIN;
  for (const [sc, host] of [['a', 'h1'], ['a', 'h2'], ['b', 'h3']] as const) {
    out.push({ labels: { __name__: 'obs_q_temp', sc, host }, samples: every(15, T0, end, () => Math.round(r() * 4000) / 100 - 5) });
  }
  // Counters: one restarts from zero half way (a reset); irregular increments.
  let c = 0;
  out.push({ labels: { __name__: 'obs_q_packets_total', sc: 'a' }, samples: every(15, T0, end, (i) => (i === 70 ? (c = 3) : (c += Math.floor(r() * 50)))) });
  let d = 1000;
  out.push({ labels: { __name__: 'obs_q_packets_total', sc: 'b' }, samples: every(10, T0, end, () => (d += r() * 7)) });
  // A histogram's cumulative buckets, for two routes.
  for (const route of ['/a', '/b']) {
    const counts = [0, 0, 0, 0, 0];
    const bounds = ['0.05', '0.1', '0.5', '1', '+Inf'];
    const perTs: number[][] = [];
    for (let ts = T0; ts <= end; ts += 15_000) {
      for (let k = 0; k < 20; k++) {
        const v = r() ** 2 * 1.5;
        bounds.forEach((b, j) => {
          if (b === '+Inf' || v <= Number(b)) counts[j]!++;
        });
      }
      perTs.push([...counts]);
    }
    bounds.forEach((le, j) =>
      out.push({ labels: { __name__: 'obs_q_latency_bucket', route, le }, samples: perTs.map((cs, i) => [cs[j] as number, T0 + i * 15_000]) }),
    );
  }
  // A series that stops: stale (absent) once its last sample is more than 5 minutes old.
  out.push({ labels: { __name__: 'obs_q_vanish', sc: 'a' }, samples: every(15, T0, T0 + 10 * MIN, (i) => i) });
  return out;
}

function body(series: Series[]): Buffer {
  const timeseries = series.map((s) => ({
    labels: Object.entries(s.labels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => ({ name, value })),
    samples: s.samples.map(([value, timestamp]) => ({ value, timestamp })),
  }));
  return compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish()));
}

async function write(url: string, payload: Buffer): Promise<void> {
  const res = await fetch(`${url}/api/v1/write`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
    body: payload,
  });
  if (res.status >= 300) throw new Error(`${url}: remote write answered ${res.status}: ${await res.text()}`);
}

interface PromAnswer {
  status: string;
  error?: string;
  data: { resultType: string; result: unknown };
}

async function ask(url: string, path: string, params: Record<string, string>): Promise<PromAnswer> {
  const res = await fetch(`${url}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as PromAnswer;
}

/** label set → values, comparable whatever the order of series. */
function normalise(a: PromAnswer): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (a.data.resultType === 'scalar') {
    out.set('scalar', [Number((a.data.result as [number, string])[1])]);
    return out;
  }
  for (const s of a.data.result as { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]) {
    const key = JSON.stringify(Object.entries(s.metric).sort(([x], [y]) => (x < y ? -1 : 1)));
    out.set(key, s.value ? [s.value[0], Number(s.value[1])] : (s.values ?? []).flatMap(([t, v]) => [t, Number(v)]));
  }
  return out;
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function agree(station: PromAnswer, prom: PromAnswer): string | null {
  if (prom.status !== 'success') return `Prometheus refused: ${prom.error}`;
  if (station.status !== 'success') return `station refused: ${station.error}`;
  if (station.data.resultType !== prom.data.resultType) return `resultType ${station.data.resultType} vs ${prom.data.resultType}`;
  const s = normalise(station);
  const p = normalise(prom);
  const keys = (m: Map<string, number[]>) => [...m.keys()].sort().join('\n');
  if (keys(s) !== keys(p)) return `series differ:\nstation:\n${keys(s)}\nprometheus:\n${keys(p)}`;
  for (const [k, pv] of p) {
    const sv = s.get(k) as number[];
    if (sv.length !== pv.length) return `${k}: ${sv.length / 2} points vs ${pv.length / 2}`;
    for (let i = 0; i < pv.length; i++) if (!close(sv[i] as number, pv[i] as number)) return `${k}: ${sv.slice(0, 20).join(',')} vs ${pv.slice(0, 20).join(',')}`;
  }
  return null;
}

// [station query, Prometheus query]: the same unless the station's shorthand is being checked.
const QUERIES: [string, string][] = [
  'obs_q_temp',
  'obs_q_temp{host="h1"}',
  '{__name__="obs_q_temp",host!="h1"}',
  'obs_q_temp{host=~"h[12]"}',
  'obs_q_temp{host!~"h1|h2"}',
  'sum(obs_q_temp)',
  'avg(obs_q_temp)',
  'min(obs_q_temp)',
  'max(obs_q_temp)',
  'count(obs_q_temp)',
  'sum by (sc) (obs_q_temp)',
  'avg without (host) (obs_q_temp)',
  'quantile(0.9, obs_q_temp)',
  'stddev(obs_q_temp)',
  'topk(2, obs_q_temp)',
  'bottomk by (sc) (1, obs_q_temp)',
  'rate(obs_q_packets_total[5m])',
  'increase(obs_q_packets_total[5m])',
  'irate(obs_q_packets_total[5m])',
  'delta(obs_q_temp[5m])',
  'idelta(obs_q_temp[2m])',
  'sum by (sc) (rate(obs_q_packets_total[5m]))',
  'avg_over_time(obs_q_temp[5m])',
  'min_over_time(obs_q_temp[5m])',
  'max_over_time(obs_q_temp[5m])',
  'sum_over_time(obs_q_temp[5m])',
  'count_over_time(obs_q_temp[5m])',
  'last_over_time(obs_q_temp[5m])',
  'stddev_over_time(obs_q_temp[5m])',
  'quantile_over_time(0.95, obs_q_temp[10m])',
  'histogram_quantile(0.9, rate(obs_q_latency_bucket[5m]))',
  'histogram_quantile(0.5, sum by (le) (rate(obs_q_latency_bucket[5m])))',
  'histogram_quantile(0.99, obs_q_latency_bucket)',
  'obs_q_temp * 2 + 1',
  '-obs_q_temp',
  'obs_q_temp ^ 2 % 7',
  'obs_q_temp > 10',
  'obs_q_temp <= bool 10',
  '10 < obs_q_temp',
  'sum by (sc) (obs_q_temp) / sum by (sc) (rate(obs_q_packets_total[5m]))',
  'obs_q_temp / ignoring(host) group_by_none_of_this or obs_q_temp',
  'obs_q_temp and obs_q_temp{host="h1"}',
  'obs_q_temp unless obs_q_temp{host="h1"}',
  'obs_q_temp{host="h1"} or obs_q_temp{host="h2"}',
  'obs_q_temp offset 5m',
  'rate(obs_q_packets_total[5m] offset 10m)',
  'abs(obs_q_temp)',
  'clamp_max(obs_q_temp, 20)',
  'ceil(obs_q_temp)',
  '1 + 2 * 3',
  'time()',
  'obs_q_vanish',
  'count(obs_q_vanish)',
  'scalar(sum(obs_q_temp)) * 2',
  'vector(3)',
].map((q) => [q, q] as [string, string]).filter(([q]) => !q.includes('group_by_none_of_this'));
QUERIES.push(
  ['p95(obs_q_temp[10m])', 'quantile_over_time(0.95, obs_q_temp[10m])'],
  ['p99(rate(obs_q_latency_bucket[5m]))', 'histogram_quantile(0.99, rate(obs_q_latency_bucket[5m]))'],
  ['p50(sum by (le) (rate(obs_q_latency_bucket[5m])))', 'histogram_quantile(0.5, sum by (le) (rate(obs_q_latency_bucket[5m])))'],
);

describe.skipIf(prometheusMissing !== null)(`the station answers like Prometheus${prometheusMissing ? ` (skipped: ${prometheusMissing})` : ''}`, () => {
  let s: TestStation;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    s = await startTestStation();
    prometheus = await startPrometheus('global:\n  scrape_interval: 1m\n', 20_000, ['--web.enable-remote-write-receiver']);
    const payload = body(dataset());
    await Promise.all([write(s.url, payload), write(prometheus.url, payload)]);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await s?.close();
  });

  test.each(QUERIES)('instant: %s', async (stationQuery, promQuery) => {
    const time = String(AT / 1000);
    const [a, b] = await Promise.all([ask(s.url, '/api/v1/query', { query: stationQuery, time }), ask(prometheus.url, '/api/v1/query', { query: promQuery, time })]);
    expect(agree(a, b)).toBeNull();
    // Agreeing on nothing proves nothing: only the stale series is absent.
    expect(normalise(b).size === 0).toBe(promQuery.includes('obs_q_vanish'));
  });

  test.each(QUERIES)('range: %s', async (stationQuery, promQuery) => {
    const range = { start: String((T0 + 3 * MIN) / 1000 + 7.5), end: String((T0 + 45 * MIN) / 1000), step: '45' };
    const [a, b] = await Promise.all([ask(s.url, '/api/v1/query_range', { query: stationQuery, ...range }), ask(prometheus.url, '/api/v1/query_range', { query: promQuery, ...range })]);
    expect(agree(a, b)).toBeNull();
    expect(normalise(b).size).toBeGreaterThan(0);
  });

  test('a parse error is 400 bad_data with the position, as Prometheus answers', async () => {
    const res = await fetch(`${s.url}/api/v1/query?${new URLSearchParams({ query: 'sum(rate(obs_q_packets_total[5m])' })}`);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { status: string; errorType: string; error: string };
    expect(answer).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(answer.error).toMatch(/position 34/);
  });

  test('POST with form-encoded parameters (as Grafana sends long queries)', async () => {
    const form = new URLSearchParams({ query: 'sum(obs_q_temp)', time: String(AT / 1000) });
    const [a, b] = await Promise.all(
      [s.url, prometheus.url].map(async (url) => (await fetch(`${url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })).json() as Promise<PromAnswer>),
    );
    expect(agree(a as PromAnswer, b as PromAnswer)).toBeNull();
  });
});
