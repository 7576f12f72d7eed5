/**
 * The demo fleet against a real station, through the real ingest path: within seconds there are
 * registered spacecraft with scores, telemetry that can be queried, and logs that can be searched.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runDemo, type DemoCounts } from '../../src/demo/runner';
import { FleetSimulator } from '../../src/demo/simulator';
import type { EndpointList, SpacecraftList } from '../../src/shared/api/schemas/fleet';
import type { LogSearchOutput } from '../../src/shared/api/schemas/logs';
import type { MetricQueryOutput } from '../../src/shared/api/schemas/metrics';
import { startTestStation, type TestStation } from '../support/station';

let s: TestStation;
const ctrl = new AbortController();
let demo: Promise<DemoCounts>;
let startedAt: number;

beforeAll(async () => {
  s = await startTestStation();
  startedAt = Date.now();
  demo = runDemo({ url: s.url, tickMs: 500, backfillMs: 10 * 60_000, signal: ctrl.signal });
});

afterAll(async () => {
  ctrl.abort();
  await demo;
  await s.close();
});

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

const json = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${s.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

test('within seconds: ≥ 4 registered spacecraft in contact, with scores and telemetry', async () => {
  const fleet = await until(
    'spacecraft in contact',
    () => json<SpacecraftList>('/health/spacecraft'),
    (l) => l.items.filter((i) => i.registered && i.last_contact !== null && i.last_telemetry !== null).length >= 4,
  );
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  const ids = fleet.items.map((i) => i.id);
  expect(ids).toEqual(expect.arrayContaining(['aurora-1', 'borealis-2', 'cassini-x', 'meridian-4']));
  for (const sc of fleet.items) {
    expect(sc.status).not.toBe('unknown');
    expect(sc.health_score).toBeGreaterThan(0);
    expect(sc.mission_type).toBeTruthy();
    expect(sc.health_terms.map((t) => t.name)).toEqual(['errors', 'contact', 'alerts', 'endpoints', 'telemetry']);
  }
});

test('telemetry per spacecraft and ground station is queryable, including the backfilled past', async () => {
  const q = (query: string, time?: string) => json<MetricQueryOutput>(`/metrics/query?query=${encodeURIComponent(query)}${time ? `&time=${time}` : ''}`);
  const volts = await until('bus voltage', () => q('power.bus_voltage'), (r) => r.series.length >= 4);
  expect(volts.series.map((x) => x.labels.spacecraft).sort()).toEqual(['aurora-1', 'borealis-2', 'cassini-x', 'meridian-4']);
  for (const x of volts.series) expect(x.value).toBeGreaterThan(25);
  const wheels = await q('count by (spacecraft) (adcs.wheel_speed_rpm)');
  expect(Object.fromEntries(wheels.series.map((x) => [x.labels.spacecraft, x.value]))).toEqual({ 'aurora-1': 4, 'borealis-2': 3, 'cassini-x': 4, 'meridian-4': 3 });
  expect((await q('gs.receiver.lock')).series.map((x) => x.labels.station).sort()).toEqual(['gs-awarua', 'gs-svalbard']);
  const series = await json<{ points: [number, number][] }>('/metrics/series?name=power.bus_voltage&from=now-15m&limit=10000');
  expect(series.points.length).toBeGreaterThan(4 * 30);
  expect(Math.min(...series.points.map((p) => p[0]))).toBeLessThan(startedAt - 8 * 60_000);
  const elevation = await json<{ points: [number, number][] }>('/metrics/series?name=gs.antenna.elevation_deg&from=now-15m&limit=10000');
  expect(elevation.points.length).toBeGreaterThan(2 * 30);
  expect(Math.max(...elevation.points.map((p) => p[1]))).toBeGreaterThan(0);
});

test('logs to match: passes and eclipses are searchable by spacecraft', async () => {
  const search = (q: string) => json<LogSearchOutput>(`/logs/search?q=${encodeURIComponent(q)}&from=now-1h&limit=50`);
  const aos = await until('AOS lines', () => search('spacecraft_id:aurora-1 AOS'), (r) => r.items.length > 0);
  expect(aos.items[0]!.message).toMatch(/^AOS gs-/);
  const eclipses = await search('eclipse');
  expect(eclipses.items.length).toBeGreaterThan(0);
});

test('ground stations answer as monitored endpoints: HTTP health checks and a Prometheus scrape', async () => {
  const list = await until('endpoints checked', () => json<EndpointList>('/monitoring/endpoints'), (l) => l.items.length === 4 && l.items.every((e) => e.status !== 'unknown'));
  expect(list.items.map((e) => [e.name, e.kind]).sort()).toEqual([
    ['Awarua exporter', 'prometheus'], ['Awarua link', 'http'], ['Svalbard exporter', 'prometheus'], ['Svalbard link', 'http'],
  ]);
  expect(list.items.find((e) => e.name === 'Awarua link')!.spacecraft_id).toBe('cassini-x');
  const racks = await until(
    'scraped rack temperature',
    () => json<MetricQueryOutput>(`/metrics/query?query=${encodeURIComponent('gs_rack_temperature_celsius{job="ground-station"}')}`),
    (r) => r.series.length === 2,
  );
  expect(racks.series.map((x) => x.labels.station).sort()).toEqual(['gs-awarua', 'gs-svalbard']);

  // A second demo run against the same station re-points the endpoints instead of adding more.
  const firstUrls = new Set(list.items.map((e) => e.endpoint_url));
  const again = new AbortController();
  const second = runDemo({ url: s.url, tickMs: 500, backfillMs: 0, signal: again.signal, seed: 9 });
  const moved = await until('endpoints re-pointed', () => json<EndpointList>('/monitoring/endpoints'), (l) => l.items.every((e) => !firstUrls.has(e.endpoint_url)));
  again.abort();
  await second;
  expect(moved.items).toHaveLength(4);
});

test('the simulator is deterministic per seed, has eclipses, passes and faults', () => {
  const run = (seed: number) => {
    const sim = new FleetSimulator({ seed, faultRatePerHour: 30, epoch: 0 });
    const out = [];
    for (let t = 0; t < 3_600_000; t += 10_000) out.push(sim.tick(t, 10_000));
    return out;
  };
  const a = run(7);
  expect(run(7)).toEqual(a);
  const logs = a.flatMap((r) => r.logs);
  const metrics = a.flatMap((r) => r.metrics);
  expect(logs.some((l) => l.message.startsWith('eclipse entry'))).toBe(true);
  expect(logs.some((l) => l.message.startsWith('AOS'))).toBe(true);
  expect(logs.some((l) => l.level === 'ERROR' || l.level === 'CRITICAL')).toBe(true);
  expect(logs.some((l) => l.message.endsWith('cleared, nominal operations resumed'))).toBe(true);
  const downlink = metrics.filter((m) => m.name === 'comms.downlink_rate_kbps' && m.labels.spacecraft === 'aurora-1');
  expect(downlink.some((m) => m.value === 0) && downlink.some((m) => m.value > 200)).toBe(true);
  const names = new Set(metrics.map((m) => m.name));
  for (const n of ['power.bus_voltage', 'thermal.battery_temp_c', 'adcs.wheel_speed_rpm', 'comms.downlink_rate_kbps', 'gs.antenna.elevation_deg']) expect(names).toContain(n);
});

test('the starter kit: alert rules the faults trip and a telemetry dashboard whose queries answer', async () => {
  const rules = await until('starter rules', () => json<{ items: { rule_name: string; kind: string }[] }>('/alerts/rules'), (r) => r.items.length >= 4);
  expect(rules.items.map((r) => r.rule_name)).toEqual(
    expect.arrayContaining(['Battery over temperature', 'Safe mode entered', 'Reaction wheel friction', 'Spacecraft health low']),
  );
  const dashboards = await json<{ items: { id: number; name: string }[] }>('/dashboards');
  const fleet = dashboards.items.find((d) => d.name === 'Fleet telemetry');
  expect(fleet).toBeDefined();
  const board = await json<{ panels: { queries: string[] }[] }>(`/dashboards/${fleet?.id}`);
  // Every panel's query parses and selects demo telemetry.
  for (const query of board.panels.flatMap((p) => p.queries)) {
    const r = await json<MetricQueryOutput>(`/metrics/query?query=${encodeURIComponent(query)}`);
    expect(r.series.length, query).toBeGreaterThan(0);
  }
});
