/**
 * A Prometheus-scrape endpoint against the real prometheus-node-exporter (Debian package): every
 * series of its exposition is stored with job/instance labels and can be queried back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parsePrometheusText } from '../../src/core/monitoring/prometheus-text';
import type { Endpoint, EndpointDetail } from '../../src/shared/api/schemas/fleet';
import type { MetricQueryOutput } from '../../src/shared/api/schemas/metrics';
import { freePort } from '../support/prometheus';
import { postJson, startTestStation, type TestStation } from '../support/station';

const EXPORTER = process.env.OBSERVATORY_NODE_EXPORTER ?? '/usr/bin/prometheus-node-exporter';
const missing = existsSync(EXPORTER) ? null : `no node exporter at ${EXPORTER} (npm test installs prometheus-node-exporter from Debian)`;

let s: TestStation;
let exporter: ChildProcess;
let url: string;

beforeAll(async () => {
  if (missing) return;
  s = await startTestStation();
  const port = await freePort();
  url = `http://127.0.0.1:${port}/metrics`;
  // A few collectors keep the scrape small and quick; textfile/systemd would need host setup.
  exporter = spawn(EXPORTER, [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.cpu', '--collector.meminfo', '--collector.loadavg', '--collector.netdev', '--collector.filesystem'], { stdio: 'ignore' });
  const end = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > end) throw new Error('node exporter did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  exporter?.kill('SIGTERM');
  await s?.close();
});

test.skipIf(missing)('scrapes every series with job and instance labels; a dead exporter is down', async () => {
  const res = await postJson(`${s.url}/monitoring/endpoints`, { endpoint_url: url, kind: 'prometheus', job: 'node', check_interval: '2s', timeout: '5s' });
  expect(res.status).toBe(201);
  const e = (await res.json()) as Endpoint;
  const instance = new URL(url).host;

  // What the exporter serves, read independently, is what the station must have stored.
  const direct = parsePrometheusText(await (await fetch(url)).text()).samples.filter((x) => Number.isFinite(x.value));
  const cpuSeries = direct.filter((x) => x.name === 'node_cpu_seconds_total');
  expect(cpuSeries.length).toBeGreaterThan(0);

  const query = async (q: string) => {
    const r = await fetch(`${s.url}/metrics/query?query=${encodeURIComponent(q)}`);
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as MetricQueryOutput;
  };
  const end = Date.now() + 15_000;
  let got: MetricQueryOutput = { resultType: 'vector', series: [] };
  while (Date.now() < end) {
    got = await query(`node_cpu_seconds_total{job="node",instance="${instance}"}`);
    if (got.series.length >= cpuSeries.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(got.series.length).toBe(cpuSeries.length);
  const key = (l: Record<string, string>) => `${l.cpu}/${l.mode}`;
  expect(got.series.map((x) => key(x.labels)).sort()).toEqual(cpuSeries.map((x) => key(x.labels)).sort());
  for (const x of got.series) expect(x.labels).toMatchObject({ job: 'node', instance });

  // Every series the exporter served is stored under the job: same count per metric name.
  const names = [...new Set(direct.map((x) => x.name))];
  expect(names.length).toBeGreaterThan(30);
  const stored = Object.fromEntries(await Promise.all(names.map(async (n) => [n, (await query(`${n}{job="node"}`)).series.length] as const)));
  expect(stored).toEqual(Object.fromEntries(names.map((n) => [n, direct.filter((x) => x.name === n).length])));
  const memTotal = direct.find((x) => x.name === 'node_memory_MemTotal_bytes')!.value;
  expect((await query('node_memory_MemTotal_bytes{job="node"}')).series[0]!.value).toBe(memTotal);

  const d = (await (await fetch(`${s.url}/monitoring/endpoints/${e.id}`)).json()) as EndpointDetail;
  expect(d.endpoint).toMatchObject({ status: 'up', kind: 'prometheus', last_error: null });

  exporter.kill('SIGTERM');
  const downBy = Date.now() + 15_000;
  let status = d.endpoint.status;
  while (status !== 'down' && Date.now() < downBy) {
    await new Promise((r) => setTimeout(r, 200));
    status = ((await (await fetch(`${s.url}/monitoring/endpoints/${e.id}`)).json()) as EndpointDetail).endpoint.status;
  }
  expect(status).toBe('down');
});
