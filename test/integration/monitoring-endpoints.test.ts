/**
 * Monitored endpoints against real local servers: HTTP assertions (status, keyword, JSON path),
 * TLS certificate expiry, TCP, retries before down, state-change events, uptime and latency
 * series — and slow and hanging targets that must not hold the others back.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppEvent } from '../../src/shared/api/events';
import type { Endpoint, EndpointDetail } from '../../src/shared/api/schemas/fleet';
import type { MetricSeriesOutput } from '../../src/shared/api/schemas/metrics';
import { postJson, startTestStation, tempDir, type TestStation } from '../support/station';

let s: TestStation;
let target: Server;
let base: string;
let tcpServer: net.Server;
let tcpUrl: string;
let httpsServer: Server;
let httpsBase: string;
const events: AppEvent[] = [];
let flaky = false;
const hanging = new Set<ServerResponse>();

function routes(req: IncomingMessage, res: ServerResponse): void {
  switch (req.url) {
    case '/ok':
      res.end('status: nominal');
      return;
    case '/json':
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', checks: [{ name: 'db', ok: true }] }));
      return;
    case '/teapot':
      res.statusCode = 418;
      res.end('short and stout');
      return;
    case '/flaky':
      res.statusCode = flaky ? 503 : 200;
      res.end();
      return;
    case '/slow':
      setTimeout(() => res.end('late but fine'), 1500);
      return;
    case '/hang':
      hanging.add(res); // never answered
      return;
    default:
      res.statusCode = 404;
      res.end();
  }
}

const listen = (srv: Server | net.Server) => new Promise<number>((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as AddressInfo).port)));

beforeAll(async () => {
  s = await startTestStation();
  s.core.events.on((e) => {
    if (e.type === 'endpoint.state') events.push(e);
  });
  target = createServer(routes);
  base = `http://127.0.0.1:${await listen(target)}`;
  tcpServer = net.createServer((c) => c.end());
  tcpUrl = `tcp://127.0.0.1:${await listen(tcpServer)}`;
  // A self-signed certificate valid for 10 days, made by the real openssl.
  const dir = tempDir('observatory-tls-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '10', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  httpsServer = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, routes);
  httpsBase = `https://127.0.0.1:${await listen(httpsServer)}`;
});

afterAll(async () => {
  await s.close();
  for (const res of hanging) res.destroy();
  target.closeAllConnections();
  target.close();
  tcpServer.close();
  httpsServer.close();
});

async function create(body: object): Promise<Endpoint> {
  const res = await postJson(`${s.url}/monitoring/endpoints`, { check_interval: '1s', ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Endpoint;
}

async function detail(id: number): Promise<EndpointDetail> {
  const res = await fetch(`${s.url}/monitoring/endpoints/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as EndpointDetail;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

const settled = (id: number) => until(`endpoint ${id} checked`, () => detail(id), (d) => d.endpoint.status !== 'unknown');

test('HTTP assertions: expected status, keyword, JSON path, method', async () => {
  const cases: [object, Partial<Endpoint>][] = [
    [{ endpoint_url: `${base}/ok`, keyword: 'nominal' }, { status: 'up', last_error: null }],
    [{ endpoint_url: `${base}/ok`, keyword: 'SAFE MODE' }, { status: 'down', last_error: 'keyword "SAFE MODE" not in the body' }],
    [{ endpoint_url: `${base}/teapot` }, { status: 'down', last_error: 'HTTP 418' }],
    [{ endpoint_url: `${base}/teapot`, expected_status: 418 }, { status: 'up' }],
    [{ endpoint_url: `${base}/ok`, expected_status: 204 }, { status: 'down', last_error: 'HTTP 200, expected 204' }],
    [{ endpoint_url: `${base}/json`, json_path: '$.checks[0].ok', json_expected: 'true' }, { status: 'up' }],
    [{ endpoint_url: `${base}/json`, json_path: '$.status', json_expected: 'degraded' }, { status: 'down', last_error: '$.status is ok, expected degraded' }],
    [{ endpoint_url: `${base}/json`, json_path: '$.missing' }, { status: 'down', last_error: '$.missing: not found' }],
    [{ endpoint_url: `${base}/ok`, json_path: '$.status' }, { status: 'down', last_error: 'body is not JSON' }],
    [{ endpoint_url: `${base}/ok`, method: 'HEAD' }, { status: 'up' }],
    [{ endpoint_url: tcpUrl }, { status: 'up', kind: 'tcp' }],
    [{ endpoint_url: 'tcp://127.0.0.1:1' }, { status: 'down', last_error: 'ECONNREFUSED' }],
  ];
  const made = await Promise.all(cases.map(([body]) => create(body)));
  for (const [i, e] of made.entries()) {
    const d = await settled(e.id);
    expect(d.endpoint, JSON.stringify(cases[i]![0])).toMatchObject(cases[i]![1]);
  }
});

test('TLS: an unverifiable certificate is down unless ignore_tls; expiry within cert_expiry_days is down', async () => {
  const strict = await create({ endpoint_url: `${httpsBase}/ok` });
  const lax = await create({ endpoint_url: `${httpsBase}/ok`, ignore_tls: true, cert_expiry_days: 5 });
  const expiring = await create({ endpoint_url: `${httpsBase}/ok`, ignore_tls: true, cert_expiry_days: 30 });
  expect((await settled(strict.id)).endpoint).toMatchObject({ status: 'down', last_error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  expect((await settled(lax.id)).endpoint).toMatchObject({ status: 'up' });
  expect((await settled(expiring.id)).endpoint.last_error).toMatch(/^certificate expires in 9 days \(limit 30\)$/);
});

test('a hanging and a slow target time out on their own; the others keep their rhythm', async () => {
  const hang = await Promise.all([1, 2, 3, 4, 5].map(() => create({ endpoint_url: `${base}/hang`, timeout: '2s' })));
  const slow = await create({ endpoint_url: `${base}/slow`, timeout: '1s' });
  const patient = await create({ endpoint_url: `${base}/slow`, timeout: '3s' });
  const ok = await create({ endpoint_url: `${base}/ok` });
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 4500));
  const d = await detail(ok.id);
  const times = d.history.map((h) => h.at).filter((t) => t >= started).sort();
  // Every second (±5 % jitter), whatever the hanging ones do.
  expect(times.length).toBeGreaterThanOrEqual(4);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThan(1400);
  expect(d.history.every((h) => h.ok)).toBe(true);
  for (const h of hang) expect((await detail(h.id)).endpoint).toMatchObject({ status: 'down', last_error: 'timed out after 2000 ms' });
  expect((await detail(slow.id)).endpoint).toMatchObject({ status: 'down', last_error: 'timed out after 1000 ms' });
  const p = (await detail(patient.id)).endpoint;
  expect(p.status).toBe('up');
  expect(p.last_latency_ms).toBeGreaterThanOrEqual(1400);
  for (const e of [...hang, slow, patient]) await postJson(`${s.url}/monitoring/endpoints/${e.id}/delete`, {});
});

test('retries before down, state changes as events, uptime, latency series; pause stops checks', async () => {
  const e = await create({ endpoint_url: `${base}/flaky`, retries: 2, spacecraft_id: 'relay-7' });
  await until('up', () => detail(e.id), (d) => d.endpoint.status === 'up');
  flaky = true;
  // Two failures are tolerated: still up with failures counted, then down at the third.
  const failing = await until('2 failures', () => detail(e.id), (d) => d.endpoint.failures >= 2);
  expect(failing.endpoint.status === 'up' || failing.endpoint.failures >= 3).toBe(true);
  const down = await until('down', () => detail(e.id), (d) => d.endpoint.status === 'down');
  expect(down.endpoint.failures).toBe(3);
  expect(down.history.slice(0, 3).map((h) => [h.ok, h.status])).toEqual([[false, 'down'], [false, 'up'], [false, 'up']]);
  flaky = false;
  const back = await until('up again', () => detail(e.id), (d) => d.endpoint.status === 'up');
  expect(back.state_changes.map((c) => c.status)).toEqual(['up', 'down', 'up']);
  expect(back.uptime['24h']).toBeGreaterThan(0);
  expect(back.uptime['24h']).toBeLessThan(100);
  expect(back.uptime['30d']).toBe(back.uptime['24h']);

  const mine = events.filter((ev): ev is Extract<AppEvent, { type: 'endpoint.state' }> => ev.type === 'endpoint.state' && ev.endpoint_id === e.id);
  expect(mine.map((ev) => [ev.from, ev.to])).toEqual([['unknown', 'up'], ['up', 'down'], ['down', 'up']]);
  expect(mine[1]).toMatchObject({ spacecraft_id: 'relay-7', error: 'HTTP 503', name: e.name });

  const series = await until(
    'latency samples',
    async () => (await (await fetch(`${s.url}/metrics/series?name=endpoint.latency_ms&from=now-5m`)).json()) as MetricSeriesOutput,
    (x) => x.points.length >= 3,
  );
  expect(series.unit).toBe('ms');

  const paused = (await (await postJson(`${s.url}/monitoring/endpoints/${e.id}/pause`, {})).json()) as Endpoint;
  expect(paused.paused).toBe(true);
  const n = (await detail(e.id)).history.length;
  await new Promise((r) => setTimeout(r, 2500));
  expect((await detail(e.id)).history.length).toBeLessThanOrEqual(n + 1); // one may have been in flight
  const resumed = (await (await postJson(`${s.url}/monitoring/endpoints/${e.id}/pause`, { paused: false })).json()) as Endpoint;
  expect(resumed.paused).toBe(false);
  await until('checked after resume', () => detail(e.id), (d) => d.history.length > n + 1);
  expect(events.filter((ev) => ev.type === 'endpoint.state' && ev.endpoint_id === e.id).slice(3).map((ev) => ev.type === 'endpoint.state' && [ev.from, ev.to])).toEqual([['up', 'paused'], ['paused', 'up']]);
});

test('update and delete over HTTP: bad input is a 400 naming the field, unknown ids 404', async () => {
  const e = await create({ endpoint_url: `${base}/ok` });
  const upd = await postJson(`${s.url}/monitoring/endpoints/${e.id}`, { name: 'renamed', check_interval: '2s' });
  expect(upd.status).toBe(200);
  expect(await upd.json()).toMatchObject({ name: 'renamed', check_interval: 2000 });
  const bad = await postJson(`${s.url}/monitoring/endpoints/${e.id}`, { timeout: 'forever' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toMatch(/timeout/);
  expect((await postJson(`${s.url}/monitoring/endpoints/999999`, { name: 'x' })).status).toBe(404);
  expect((await fetch(`${s.url}/monitoring/endpoints/999999`)).status).toBe(404);
  const del = await postJson(`${s.url}/monitoring/endpoints/${e.id}/delete`, {});
  expect(await del.json()).toEqual({ deleted: true });
  expect((await fetch(`${s.url}/monitoring/endpoints/${e.id}`)).status).toBe(404);
});

test('over HTTP, null removes a setting or a link (whatever the body coercion makes of it)', async () => {
  const e = await create({ endpoint_url: `${httpsBase}/ok`, keyword: 'nominal', ignore_tls: true, json_path: '$.a', json_expected: 'x', expected_status: 200, spacecraft_id: 'v9', check_interval: '1h' });
  const res = await postJson(`${s.url}/monitoring/endpoints/${e.id}`, { keyword: null, ignore_tls: null, json_path: null, json_expected: null, expected_status: null, spacecraft_id: null });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ config: {}, spacecraft_id: null });
  const sc = await postJson(`${s.url}/spacecraft`, { id: 'v9', location: 'L2', mission_type: 'astronomy', expected_contact_interval: '2h' });
  expect(sc.status).toBe(201);
  const cleared = await postJson(`${s.url}/spacecraft/v9`, { location: null, mission_type: null, expected_contact_interval: null });
  expect(await cleared.json()).toMatchObject({ id: 'v9', location: null, mission_type: null, expected_contact_interval: null, registered: true });
});
