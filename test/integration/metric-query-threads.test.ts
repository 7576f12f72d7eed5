/**
 * Metric queries run on the query threads: against a real station (SQLite file, real HTTP,
 * remote-written samples) they answer exactly what the engine answers on the station's own
 * connection; one too expensive for a low time limit is stopped inside the thread (422, and
 * Prometheus's `timeout` on /api/v1) while cheap requests keep being answered.
 */
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsRepo } from '../../src/core/db/repos/metrics';
import { WriteRequest } from '../../src/core/ingest/formats/proto/remote-write';
import { MetricQueryEngine, parseQuery } from '../../src/core/query/metrics/index';
import { shardPlan } from '../../src/core/query/metrics/shard';
import { SPLIT_SAMPLES } from '../../src/core/query/worker/metric-reads';
import { errorBody, startTestStation, type TestStation } from '../support/station';

const TIMEOUT_MS = 150;
const SERIES = 200;
const PER_SERIES = 3000;
const STEP = 10_000;
const END = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const START = END - PER_SERIES * STEP;
let s: TestStation;

beforeAll(async () => {
  s = await startTestStation({ core: { queryTimeoutMs: TIMEOUT_MS, collectIntervalMs: 3_600_000 } as never });
  for (let k0 = 0; k0 < PER_SERIES; k0 += 500) {
    const timeseries = Array.from({ length: SERIES }, (_, i) => ({
      labels: [
        { name: '__name__', value: 'thr_gauge' },
        { name: 'group', value: `g${i % 4}` },
        { name: 'series', value: `s${i}` },
      ],
      samples: Array.from({ length: 500 }, (_, k) => ({ timestamp: START + (k0 + k) * STEP + i, value: Math.sin(k0 + k + i) * 100 + i })),
    }));
    const body = compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish()));
    const res = await fetch(`${s.url}/api/v1/write`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }, body });
    expect(res.status).toBe(204);
  }
  // Staged batches moved and rollups rebuilt: the station's answer no longer changes under the test.
  await s.core.writer.metricsVisible();
  for (let i = 0; i < 600 && (s.core.db.prepare('SELECT count(*) AS n FROM metric_rollup_dirty').get() as { n: number }).n > 0; i++) await new Promise((r) => setTimeout(r, 100));
}, 120_000);
afterAll(async () => s?.close());

describe('metric queries on query threads', () => {
  it('answer exactly what the engine answers on the station connection', async () => {
    const inline = MetricQueryEngine.forStore(new MetricsRepo(s.core.db));
    for (const [query, step] of [
      ['avg by (group) (thr_gauge)', 3_600_000],
      ['max by (group) (max_over_time(thr_gauge[1h]))', 3_600_000],
      ['sum(rate(thr_gauge{group="g1"}[5m]))', 60_000],
    ] as const) {
      const start = END - 6 * 3_600_000;
      const res = await fetch(`${s.url}/metrics/query_range?${new URLSearchParams({ query, start: String(start), end: String(END), step: `${step / 1000}s` })}`);
      expect(res.status, query).toBe(200);
      const body = (await res.json()) as { series: unknown[]; resolution: string };
      const want = inline.range(query, start, END, step);
      expect(body.resolution, query).toBe(want.resolution);
      expect(body.series, query).toEqual(want.series);
      expect(body.series.length, query).toBeGreaterThan(0);
    }
  });

  it('split over both threads (shard.ts), answer what the engine answers whole', async () => {
    const inline = MetricQueryEngine.forStore(new MetricsRepo(s.core.db));
    const sorted = (r: { series: { labels: Record<string, string>; points: [number, number][] }[] }) =>
      [...r.series].sort((a, b) => (JSON.stringify(Object.entries(a.labels).sort()) < JSON.stringify(Object.entries(b.labels).sort()) ? -1 : 1));
    const start = START;
    const step = 600_000;
    // 600 000 raw samples each: far past SPLIT_SAMPLES, so both are split.
    for (const query of ['thr_gauge', 'max by (group) (thr_gauge)', 'count(thr_gauge > 50)']) {
      expect(shardPlan(parseQuery(query)), query).not.toBeNull();
      expect(inline.estimatedReads(query, start, END), query).toBeGreaterThan(SPLIT_SAMPLES);
      const res = await fetch(`${s.url}/metrics/query_range?${new URLSearchParams({ query, start: String(start), end: String(END), step: `${step / 1000}s` })}`);
      expect(res.status, query).toBe(200);
      const body = (await res.json()) as { series: { labels: Record<string, string>; points: [number, number][] }[] };
      const want = inline.range(query, start, END, step);
      expect(want.series.length, query).toBeGreaterThan(0);
      expect(body.series, query).toEqual(sorted(want));
      // The Prometheus API: the same series and values, written by the parts.
      const prom = await fetch(`${s.url}/api/v1/query_range?${new URLSearchParams({ query, start: String(start / 1000), end: String(END / 1000), step: String(step / 1000) })}`);
      const data = ((await prom.json()) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } }).data.result;
      const got = data.map((x) => ({ labels: x.metric, points: x.values.map(([t, v]) => [t * 1000, Number(v)]) }));
      expect(sorted({ series: got as never }), query).toEqual(sorted(want));
    }
    const system = (await (await fetch(`${s.url}/metrics/system`)).json()) as { counters: Record<string, Record<string, number>> };
    expect(system.counters.queries!.cancelled_total).toBe(0);
  });

  it('stop a query past the time limit inside the thread; cheap requests are answered meanwhile', async () => {
    // Raw samples, 11 000 steps, 200 series: far more than 150 ms of work.
    const heavy = new URLSearchParams({ query: 'sum by (group) (rate(thr_gauge[1m]))', start: String((END - 30_000_000) / 1000), end: String(END / 1000), step: '2.8' });
    const started = performance.now();
    const expensive = fetch(`${s.url}/api/v1/query_range?${heavy}`).then(async (res) => ({ res, ms: performance.now() - started }));
    const cheap = await fetch(`${s.url}/api/v1/query?${new URLSearchParams({ query: 'thr_gauge{series="s7"}', time: String(END / 1000) })}`);
    const cheapMs = performance.now() - started;
    expect(cheap.status).toBe(200);
    const { res, ms } = await expensive;
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ status: 'error', errorType: 'timeout' });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    // The cheap query went to the other thread and did not wait for the expensive one.
    expect(cheapMs).toBeLessThan(ms);

    const viaContract = await fetch(`${s.url}/metrics/query_range?${new URLSearchParams({ query: 'sum by (group) (rate(thr_gauge[1m]))', start: String(END - 30_000_000), end: String(END), step: '2800ms' })}`);
    expect(viaContract.status).toBe(422);
    expect(await errorBody(viaContract)).toMatchObject({ code: 'query_too_expensive' });

    const system = (await (await fetch(`${s.url}/metrics/system`)).json()) as { counters: Record<string, Record<string, number>> };
    // Stopped by the thread's own deadline checks, not by replacing the thread. Each query was
    // split over both threads (query/metrics/shard.ts), and both parts were stopped.
    expect(system.counters.queries).toMatchObject({ cancelled_total: 4, restarts_total: 0 });
  });
});
