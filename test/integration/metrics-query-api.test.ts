/**
 * The metric query contract over real HTTP (samples posted to POST /metrics, answers from
 * /metrics/query, /metrics/query_range, /metrics/names), and GET /metrics scraped by a real
 * Prometheus.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { prometheusMissing, startPrometheus } from '../support/prometheus';
import { startTestStation, type TestStation } from '../support/station';

let s: TestStation;
const T0 = Date.UTC(2026, 5, 1, 12);

beforeAll(async () => {
  s = await startTestStation();
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    for (const [sc, base] of [['voyager-1', 28], ['voyager-2', 30]] as const) {
      lines.push(JSON.stringify({ name: 'bus.voltage', value: base + (i % 10) / 10, type: 'gauge', unit: 'V', labels: { spacecraft: sc }, timestamp: T0 + i * 30_000 }));
      lines.push(JSON.stringify({ name: 'packets_total', value: i * 5, type: 'counter', labels: { spacecraft: sc }, timestamp: T0 + i * 30_000 }));
    }
  }
  const res = await fetch(`${s.url}/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
  expect(res.status).toBe(202);
});
afterAll(async () => s?.close());

type Labels = Record<string, string>;
/** The answers' shapes, loosely: each test checks what it reads. */
interface Body {
  resultType: string;
  series: { labels: Labels; value: number; points: [number, number][] }[];
  resolution: string;
  stepMs: number;
  names: unknown[];
  code: string;
  message: string;
}

async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${s.url}${path}?${new URLSearchParams(params)}`);
  return { status: res.status, body: (await res.json()) as Body };
}

describe('metric queries over the contract', () => {
  test('an instant query with dotted names, grouping and a matcher', async () => {
    const r = await get('/metrics/query', { query: 'avg by (spacecraft) (bus.voltage{spacecraft=~"voyager-.*"})', time: String(T0 + 60 * 30_000) });
    expect(r.status).toBe(200);
    expect(r.body.resultType).toBe('vector');
    expect(r.body.series.sort((a, b) => ((a.labels.spacecraft ?? '') < (b.labels.spacecraft ?? '') ? -1 : 1))).toEqual([
      { labels: { spacecraft: 'voyager-1' }, value: 28 },
      { labels: { spacecraft: 'voyager-2' }, value: 30 },
    ]);
  });

  test('a range query: rate per spacecraft at each step, with the resolution used', async () => {
    const r = await get('/metrics/query_range', {
      query: 'sum by (spacecraft) (rate(packets_total[5m]))',
      start: new Date(T0 + 10 * 60_000).toISOString(),
      end: new Date(T0 + 50 * 60_000).toISOString(),
      step: '5m',
    });
    expect(r.status).toBe(200);
    expect(r.body.resolution).toBe('raw');
    expect(r.body.stepMs).toBe(300_000);
    expect(r.body.series).toHaveLength(2);
    for (const series of r.body.series) {
      expect(series.points).toHaveLength(9);
      for (const [, v] of series.points) expect(v).toBeCloseTo(5 / 30, 6);
    }
  });

  test('max_points bounds the points per series', async () => {
    const r = await get('/metrics/query_range', { query: 'bus.voltage', start: String(T0), end: String(T0 + 3_600_000), step: '30s', max_points: '20' });
    expect(r.status).toBe(200);
    for (const series of r.body.series) expect(series.points.length).toBeLessThanOrEqual(20);
  });

  test('names, with type, unit and label keys', async () => {
    const r = await get('/metrics/names', { prefix: 'bus' });
    expect(r.status).toBe(200);
    expect(r.body.names).toEqual([{ name: 'bus.voltage', type: 'gauge', unit: 'V', labels: ['spacecraft'], series: 2 }]);
  });

  test.each([
    ['sum(rate(packets_total[5m])', 'position 28'],
    ['bus.voltage{spacecraft=voyager}', 'position 24'],
    ['rate(bus.voltage)', 'range vector'],
  ])('a bad query is 400 naming the position: %s', async (query, text) => {
    const r = await get('/metrics/query', { query });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad_request');
    expect(r.body.message).toContain(text);
  });

  test('retention per resolution: read, change, refuse a bad age naming the resolution', async () => {
    expect((await get('/metrics/retention', {})).body).toEqual({ raw: '7d', '1m': '30d', '1h': '365d', '1d': 'forever' });
    const post = (body: object) => fetch(`${s.url}/metrics/retention`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ raw: '14d' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ raw: '14d', '1m': '30d', '1h': '365d', '1d': 'forever' });
    const bad = await post({ '1m': '10s' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^1m: '10s' is not a retention age/);
  });

  test('a step that would give too many points is 400', async () => {
    const r = await get('/metrics/query_range', { query: 'bus.voltage', start: String(T0), end: String(T0 + 30 * 86_400_000), step: '1s' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/step/);
  });
});

describe.skipIf(prometheusMissing !== null)(`GET /metrics${prometheusMissing ? ` (skipped: ${prometheusMissing})` : ''}`, () => {
  test('is scraped by a real Prometheus: up, the HTTP duration histogram and ingest counters', async () => {
    const station = new URL(s.url);
    const prometheus = await startPrometheus(`
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: observatory
    static_configs:
      - targets: ['${station.host}']
`);
    try {
      const deadline = Date.now() + 20_000;
      let last = '';
      for (;;) {
        const up = await prometheus.query('up{job="observatory"}');
        const hist = await prometheus.query('sum by (route) (observatory_http_request_duration_seconds_count{route="/metrics/query"})');
        const q = await prometheus.query('histogram_quantile(0.5, sum by (le) (rate(observatory_http_request_duration_seconds_bucket[1m])))');
        const ingest = await prometheus.query('sum(observatory_ingest_samples_total)');
        last = JSON.stringify({ up, hist, ingest, q });
        if (up[0]?.value?.[1] === '1' && hist.length && ingest.length) {
          expect(Number(hist[0]!.value![1])).toBeGreaterThanOrEqual(4);
          expect(Number(ingest[0]!.value![1])).toBe(480);
          break;
        }
        if (Date.now() > deadline) throw new Error(`Prometheus did not scrape us: ${last}\n${prometheus.log()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await prometheus.stop();
    }
  });
});
