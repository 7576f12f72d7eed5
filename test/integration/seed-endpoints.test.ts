/** Every seed endpoint answers with its schema, with real behaviour behind it. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { contract } from '../../src/shared/api/contract';
import type { Endpoint, EndpointList, Overview, SpacecraftList, Trends } from '../../src/shared/api/schemas/fleet';
import type { SystemMetrics } from '../../src/shared/api/schemas/metrics';
import { postJson, startTestStation, type TestStation } from '../support/station';

let s: TestStation;
let target: Server;
let targetUrl: string;
beforeAll(async () => {
  s = await startTestStation();
  target = createServer((req, res) => {
    res.statusCode = req.url === '/broken' ? 500 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const now = Date.now();
  await postJson(`${s.url}/logs`, [
    { message: 'downlink acquired', spacecraft_id: 'voyager-1', service: 'comms', timestamp: now - 5000 },
    { message: 'downlink acquired', spacecraft_id: 'voyager-1', service: 'comms', timestamp: now - 1000, level: 'error' },
    { message: 'safe mode entered', spacecraft_id: 'juno', service: 'fdir', level: 'critical', timestamp: now - 2 * 3_600_000 },
  ]);
});
afterAll(async () => {
  await s.close();
  target.close();
});

async function get<T>(path: string, schema: keyof typeof contract): Promise<T> {
  const res = await fetch(`${s.url}${path}`);
  expect(res.status, path).toBe(200);
  const body = (await res.json()) as T;
  const check = Compile(contract[schema].output);
  expect(check.Check(body), JSON.stringify(check.Errors(body)[0])).toBe(true);
  return body;
}

test('GET /health/spacecraft: auto-registered from ingest, last_contact kept current, score with status', async () => {
  const { items } = await get<SpacecraftList>('/health/spacecraft', 'spacecraft.health');
  const v1 = items.find((i) => i.id === 'voyager-1')!;
  const juno = items.find((i) => i.id === 'juno')!;
  expect(v1.last_contact).toBeGreaterThan(Date.now() - 2000);
  expect(v1).toMatchObject({ lines_1h: 2, errors_1h: 1 });
  expect(v1.health_score).toBeLessThan(100);
  expect(juno.status).toBe('lost-contact');
  await postJson(`${s.url}/logs`, { message: 'back in contact', spacecraft_id: 'juno' });
  const after = (await get<SpacecraftList>('/health/spacecraft', 'spacecraft.health')).items.find((i) => i.id === 'juno')!;
  expect(after.last_contact).toBeGreaterThan(Date.now() - 2000);
  expect(after.status).not.toBe('lost-contact');
});

test('GET /dashboards/overview: counts by level and by spacecraft', async () => {
  const o = await get<Overview>('/dashboards/overview?from=now-24h', 'dashboards.overview');
  expect(o.by_level.find((l) => l.level === 'ERROR')!.count).toBeGreaterThanOrEqual(1);
  expect(o.by_spacecraft.find((b) => b.spacecraft_id === 'voyager-1')).toMatchObject({ count: 2, errors: 1 });
  expect(o.totals.logs).toBe(o.by_level.reduce((n, l) => n + l.count, 0));
});

test('GET /metrics/system: host, process, ingest and db figures are real', async () => {
  const m = await get<SystemMetrics>('/metrics/system', 'metrics.system');
  expect(m.host.cpu.cores).toBeGreaterThan(0);
  expect(m.host.memory.total_bytes).toBeGreaterThan(m.host.memory.free_bytes);
  expect(m.process.rss_bytes).toBeGreaterThan(10_000_000);
  expect(m.process.pid).toBe(process.pid);
  expect(m.db.size_bytes).toBeGreaterThan(0);
  expect(m.host.disk?.total_bytes).toBeGreaterThan(0);
  // Every protocol's deliveries and refusals are counted and visible.
  const json = m.ingest.by_protocol.find((p) => p.protocol === 'json')!;
  expect(json.lines).toBe(m.ingest.lines_total);
  expect(json.requests).toBeGreaterThanOrEqual(1);
  expect(json.rejected).toBe(0);
});

test('GET /analytics/trends: bucketed counts equal the lines stored', async () => {
  const t = await get<Trends>('/analytics/trends?from=now-3h&bucket=1h&group_by=spacecraft_id', 'analytics.trends');
  expect(t.bucket_ms).toBe(3_600_000);
  const v1 = t.series.find((x) => x.name === 'voyager-1')!;
  expect(v1.total).toBe(2);
  // Both lines fall in the last hour's bucket: one point, at a bucket boundary.
  expect(v1.points).toEqual([[t.from + 2 * 3_600_000, 2]]);
  expect(t.total).toBe(t.series.reduce((n, x) => n + x.total, 0));
});

test('POST /monitoring/endpoints: real checks mark a live HTTP target up and a closed port down', async () => {
  const create = async (body: object) => {
    const res = await postJson(`${s.url}/monitoring/endpoints`, body);
    expect(res.status).toBe(201);
    return (await res.json()) as Endpoint;
  };
  const up = await create({ endpoint_url: `${targetUrl}/status`, spacecraft_id: 'dsn-relay', check_interval: '1s' });
  const broken = await create({ endpoint_url: `${targetUrl}/broken`, check_interval: '1s' });
  const closed = await create({ endpoint_url: 'tcp://127.0.0.1:1', timeout: '1s' });
  expect(up).toMatchObject({ status: 'unknown', kind: 'http', check_interval: 1000 });
  const end = Date.now() + 5000;
  let list: Endpoint[] = [];
  while (Date.now() < end) {
    list = (await get<EndpointList>('/monitoring/endpoints', 'monitoring.listEndpoints')).items;
    if (list.every((e) => e.status !== 'unknown')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const byId = new Map(list.map((e) => [e.id, e]));
  expect(byId.get(up.id)).toMatchObject({ status: 'up', last_error: null });
  expect(byId.get(up.id)!.last_latency_ms).toBeGreaterThanOrEqual(0);
  expect(byId.get(broken.id)).toMatchObject({ status: 'down', last_error: 'HTTP 500' });
  expect(byId.get(closed.id)).toMatchObject({ status: 'down', kind: 'tcp' });
  // Linking an endpoint registers its spacecraft.
  const sc = (await get<SpacecraftList>('/health/spacecraft', 'spacecraft.health')).items.map((i) => i.id);
  expect(sc).toContain('dsn-relay');
});

test('GET /openapi.json documents every public path; /healthz and /readyz answer', async () => {
  const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, object> };
  expect(doc.openapi).toMatch(/^3\./);
  for (const path of ['/logs', '/logs/search', '/metrics/system', '/alerts/rules', '/alerts/active', '/alerts/{id}/acknowledge', '/health/spacecraft', '/dashboards/overview', '/monitoring/endpoints', '/analytics/trends', '/healthz', '/readyz']) {
    expect(doc.paths, path).toHaveProperty([path]);
  }
  expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
  expect(await (await fetch(`${s.url}/readyz`)).json()).toEqual({ status: 'ready' });
});

test('GET /api/v1/events streams core events as server-sent events', async () => {
  const ctrl = new AbortController();
  const res = await fetch(`${s.url}/api/v1/events`, { signal: ctrl.signal });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  await postJson(`${s.url}/logs`, { message: 'event please', spacecraft_id: 'voyager-2' });
  let text = '';
  while (!text.includes('logs.ingested')) text += new TextDecoder().decode((await reader.read()).value);
  ctrl.abort();
  const data = JSON.parse(/data: (.*)\n/.exec(text.slice(text.indexOf('event: logs.ingested')))![1]!);
  expect(data).toEqual({ type: 'logs.ingested', count: 1, spacecraft_ids: ['voyager-2'] });
});
