/** The built-in collectors store host and self metrics with labels, queryable like any other. */
import os from 'node:os';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { MetricQueryOutput } from '../../src/shared/api/schemas/metrics';
import { postJson, startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation({ core: { collectIntervalMs: 500 } });
  await postJson(`${s.url}/logs`, { message: 'hello from the collectors test' });
});
afterAll(async () => s.close());

const q = async (query: string) => {
  const res = await fetch(`${s.url}/metrics/query?query=${encodeURIComponent(query)}`);
  expect(res.status, query).toBe(200);
  return ((await res.json()) as MetricQueryOutput).series;
};

async function until(query: string, ok: (n: number) => boolean): Promise<MetricQueryOutput['series']> {
  const end = Date.now() + 10_000;
  for (;;) {
    const series = await q(query);
    if (ok(series.length)) return series;
    if (Date.now() > end) throw new Error(`${query}: ${series.length} series`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.skipIf(process.platform !== 'linux')('host: CPU per core, swap, disks per mount and device, network per interface (from /proc)', async () => {
  const cores = await until('host.cpu.core_usage_pct', (n) => n >= os.cpus().length);
  expect(cores.map((c) => c.labels.cpu).sort()).toEqual(os.cpus().map((_, i) => String(i)).sort());
  for (const c of cores) expect(c.value).toBeGreaterThanOrEqual(0);
  for (const c of cores) expect(c.value).toBeLessThanOrEqual(100);
  const root = await q('host.disk.used_pct{mount="/"}');
  expect(root).toHaveLength(1);
  expect(root[0]!.labels).toMatchObject({ mount: '/', host: os.hostname() });
  expect((await q('host.swap.total_bytes')).length).toBe(1);
  const lo = await until('host.net.rx_bytes_per_s{interface="lo"}', (n) => n === 1);
  expect(lo[0]!.value).toBeGreaterThanOrEqual(0);
  expect((await q('host.disk.read_bytes_per_s')).length).toBeGreaterThan(0);
});

test('self: GC, heap, event loop, ingest per protocol, DB and WAL size', async () => {
  for (const name of ['process.gc.collections', 'process.gc.pause_ms', 'process.heap_total_bytes', 'process.event_loop_lag_max_ms', 'process.rss_bytes', 'db.size_bytes', 'db.wal_bytes', 'host.load5']) {
    expect((await until(name, (n) => n === 1)).length, name).toBe(1);
  }
  const json = await until('ingest.lines_total{protocol="json"}', (n) => n === 1);
  expect(json[0]!.value).toBe(1);
  expect((await q('process.rss_bytes'))[0]!.value).toBeGreaterThan(10_000_000);
});
