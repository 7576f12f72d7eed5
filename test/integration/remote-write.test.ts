/**
 * Prometheus remote write against a real station: first a real Prometheus scraping a target we
 * control and writing to us, compared sample by sample with what Prometheus itself stored;
 * then the status codes, with bodies built here.
 */
import { createServer, type Server } from 'node:http';
import Database from 'better-sqlite3';
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WriteRequest } from '../../src/core/ingest/formats/proto/remote-write';
import { prometheusMissing, startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { errorBody, startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

interface Row {
  metric_name: string;
  value: number;
  unit: string | null;
  timestamp: number;
  source_system: string | null;
  tags: string | null;
}

function rows(where = "metric_name LIKE 'obs_test_%'"): Row[] {
  return s.core.db.prepare(`SELECT metric_name, value, unit, timestamp, source_system, tags FROM system_metrics WHERE ${where} ORDER BY timestamp`).all() as Row[];
}

/** One series' identity as Prometheus writes it: every label, __name__ included, sorted. */
function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined, why: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${why()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(prometheusMissing !== null)(`a real Prometheus writes to the station${prometheusMissing ? ` (skipped: ${prometheusMissing})` : ''}`, () => {
  const SERVED = 5;
  let target: Server;
  let prometheus: RunningPrometheus | undefined;
  let scrapes = 0;
  let frozenAt = Infinity;

  // Values that change every scrape and are exact in binary; a label value with escapes; a
  // series that vanishes (→ a stale marker); values SQLite cannot hold (NaN, +Inf). After
  // SERVED scrapes the target fails, so Prometheus marks every series stale and stops adding.
  function exposition(n: number): string {
    return [
      '# HELP obs_test_battery_volts Bus voltage.',
      '# TYPE obs_test_battery_volts gauge',
      `obs_test_battery_volts ${28 + n / 8}`,
      '# TYPE obs_test_commands_total counter',
      `obs_test_commands_total ${n * 3}`,
      '# TYPE obs_test_link_margin_db gauge',
      `obs_test_link_margin_db{antenna="dss-14",band="X",note="say \\"hi\\" \\\\ bye\\nnext"} ${-1.25 * n}`,
      `obs_test_link_margin_db{antenna="dss-43",band="Ka",note=""} ${0.5 + n}`,
      ...(n <= 2 ? ['# TYPE obs_test_vanishing gauge', `obs_test_vanishing ${n}`] : []),
      '# TYPE obs_test_quantile_nan gauge',
      'obs_test_quantile_nan NaN',
      '# TYPE obs_test_infinite gauge',
      'obs_test_infinite +Inf',
      '',
    ].join('\n');
  }

  beforeAll(async () => {
    target = createServer((_req, res) => {
      scrapes++;
      if (scrapes > SERVED) {
        frozenAt = Math.min(frozenAt, Date.now());
        res.writeHead(503).end('frozen');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(scrapes));
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const address = target.address();
    const targetPort = typeof address === 'object' && address ? address.port : 0;
    prometheus = await startPrometheus(`
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: observatory-test
    static_configs:
      - targets: ['127.0.0.1:${targetPort}']
remote_write:
  - url: ${s.url}/api/v1/write
    remote_timeout: 5s
    queue_config:
      batch_send_deadline: 1s
      # One shard keeps the WAL's order, so "up = 0 arrived" means the stale markers did too.
      min_shards: 1
      max_shards: 1
      min_backoff: 100ms
      max_backoff: 500ms
    metadata_config:
      send: true
      send_interval: 1s
`);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((r) => target?.close(r));
  });

  test('the station holds exactly the samples Prometheus scraped: names, label sets, values, timestamps', async () => {
    const p = prometheus!;
    const why = () => `scrapes served: ${scrapes}\nstation rows: ${rows().length}\nPrometheus log:\n${p.log()}`;
    // The failed scrape after the last good one writes up = 0 and the stale markers together.
    await waitFor('up = 0 from the failed scrape to reach the station', 20_000, () => {
      if (frozenAt === Infinity) return undefined;
      // Prometheus stamps a scrape when it starts, a moment before our handler sees it.
      const r = rows(`metric_name = 'up' AND value = 0 AND timestamp >= ${frozenAt - 1000}`);
      return r.length ? r : undefined;
    }, why);

    const stored = new Map<string, [number, number][]>();
    for (const r of rows()) {
      const labels: Record<string, string> = { __name__: r.metric_name, ...(r.tags ? (JSON.parse(r.tags) as Record<string, string>) : {}) };
      expect(r.source_system).toBe(labels.instance);
      expect(r.unit).toBeNull();
      const key = seriesKey(labels);
      stored.set(key, [...(stored.get(key) ?? []), [r.timestamp, r.value]]);
    }

    const scraped = new Map<string, [number, number][]>();
    const notStorable = new Map<string, string[]>();
    for (const series of await p.query('{__name__=~"obs_test_.*"}[10m]')) {
      const points = (series.values ?? []).map(([t, v]): [number, number] => [Math.round(t * 1000), Number(v)]);
      if (points.every(([, v]) => Number.isFinite(v))) scraped.set(seriesKey(series.metric), points);
      else notStorable.set(series.metric.__name__ as string, (series.values ?? []).map(([, v]) => v));
    }

    expect([...stored.keys()].sort()).toEqual([...scraped.keys()].sort());
    expect(stored).toEqual(scraped);
    // Five series of values we chose, each seen SERVED times (the vanishing one twice).
    expect(scraped.size).toBe(5);
    for (const [key, points] of scraped) expect(points, key).toHaveLength(key.includes('obs_test_vanishing') ? 2 : SERVED);
    const margin = [...scraped.keys()].find((k) => k.includes('dss-14'))!;
    expect(JSON.parse(margin)).toContainEqual(['note', 'say "hi" \\ bye\nnext']);
    expect(scraped.get(margin)!.map(([, v]) => v)).toEqual([1, 2, 3, 4, 5].map((n) => -1.25 * n));
    // The empty label is "no label" on both sides.
    expect([...scraped.keys()].find((k) => k.includes('dss-43'))).not.toContain('"note"');

    // Prometheus sent NaN and +Inf (it holds them); the station skipped them.
    expect(notStorable.get('obs_test_quantile_nan')).toEqual(Array(SERVED).fill('NaN'));
    expect(notStorable.get('obs_test_infinite')).toEqual(Array(SERVED).fill('+Inf'));

    // Prometheus counted no failure: every request (samples with stale markers, metadata) got a 2xx.
    expect(await p.ownMetric('prometheus_remote_storage_samples_failed_total')).toBe(0);
    expect(await p.ownMetric('prometheus_remote_storage_samples_retried_total')).toBe(0);
    expect(await p.ownMetric('prometheus_remote_storage_metadata_failed_total')).toBe(0);
    const sent = (await p.ownMetric('prometheus_remote_storage_samples_total')) ?? 0;
    const storedTotal = s.core.ingest.byProtocol.get('remote-write')?.samples ?? 0;
    // Skipped: NaN and +Inf every scrape, the vanished series' stale marker, and one stale marker for
    // each of the six series still exposed when the target failed. (More only while a batch is in flight.)
    expect(sent - storedTotal).toBeGreaterThanOrEqual(2 * SERVED + 1 + 6);
  });
});

// ---------------------------------------------------------------------------------------------

const T = Date.UTC(2026, 10, 23, 10, 0, 0);

function body(timeseries: object[], metadata: object[] = []): Buffer {
  return compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries, metadata })).finish()));
}

function ts(name: string | null, labels: Record<string, string>, samples: [number, number][]) {
  return {
    labels: [...(name === null ? [] : [{ name: '__name__', value: name }]), ...Object.entries(labels).map(([n, value]) => ({ name: n, value }))],
    samples: samples.map(([value, timestamp]) => ({ value, timestamp })),
  };
}

function write(payload: Buffer | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}/api/v1/write`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
      ...headers,
    },
    body: payload,
  });
}

function count(name: string): number {
  return (s.core.db.prepare('SELECT count(*) AS n FROM system_metrics WHERE metric_name = ?').get(name) as { n: number }).n;
}

describe('status codes', () => {
  test('all stored → 204 with no body', async () => {
    const res = await write(body([ts('rw_ok', { instance: 'gs-1:9100', job: 'eps' }, [[1.5, T], [2.5, T + 1000]])]));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(rows("metric_name = 'rw_ok'")).toEqual([
      { metric_name: 'rw_ok', value: 1.5, unit: null, timestamp: T, source_system: 'gs-1:9100', tags: '{"instance":"gs-1:9100","job":"eps"}' },
      { metric_name: 'rw_ok', value: 2.5, unit: null, timestamp: T + 1000, source_system: 'gs-1:9100', tags: '{"instance":"gs-1:9100","job":"eps"}' },
    ]);
  });

  test('some series refused → 200 text naming them; the good ones are stored', async () => {
    const res = await write(body([ts('rw_partial', {}, [[1, T]]), ts(null, { job: 'x' }, [[1, T]]), ts('rw_partial', { k: 'v' }, [[NaN, T], [2, T]])]));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^stored 2 samples; skipped 0 stale markers, 1 NaN, 0 ±Inf, 0 native histogram samples; refused 1 of 3 series:\n/);
    expect(text).toContain('timeseries[1]: no __name__ label (the metric name)');
    expect(count('rw_partial')).toBe(2);
  });

  test('only stale markers, or only metadata → 204, nothing stored', async () => {
    const stale = Buffer.alloc(8);
    stale.writeUInt32LE(2, 0);
    stale.writeUInt32LE(0x7ff00000, 4);
    expect((await write(body([ts('rw_stale', {}, [[stale.readDoubleLE(0), T]])]))).status).toBe(204);
    expect((await write(body([], [{ type: 2, metric_family_name: 'rw_meta', help: 'h', unit: '' }]))).status).toBe(204);
    expect(count('rw_stale') + count('rw_meta')).toBe(0);
  });

  test('nothing storable → 400 naming the first problems; nothing stored', async () => {
    const res = await write(body([ts(null, { a: 'b' }, [[1, T]]), ts('rw_bad', { a: '1' }, [[1, -5]])]));
    expect(res.status).toBe(400);
    expect((await errorBody(res)).message).toMatch(/^no sample stored: 2 of 2 series refused — timeseries\[0\]: no __name__/);
    expect(count('rw_bad')).toBe(0);
  });

  test.each<[string, () => Promise<Response>, number, RegExp]>([
    ['garbage', () => write('definitely not snappy'), 400, /not valid snappy/],
    ['snappy, not protobuf', () => write(compress(Buffer.from('\xff\xff\xff\xff', 'latin1'))), 400, /not a prometheus\.WriteRequest/],
    ['empty', () => write(Buffer.alloc(0)), 400, /body: empty/],
    ['a snappy bomb', () => write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00])), 413, /declares 4294967295 bytes/],
    ['gzip instead of snappy', () => write(body([ts('rw_x', {}, [[1, T]])]), { 'content-encoding': 'gzip' }), 415, /Content-Encoding "gzip"/],
    [
      'remote write 2.0',
      () => write(body([ts('rw_x', {}, [[1, T]])]), { 'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request' }),
      415,
      /proto=io\.prometheus\.write\.v2\.Request is not supported/,
    ],
    ['JSON', () => write('{}', { 'content-type': 'application/json' }), 415, /./],
  ])('%s → %i, nothing stored', async (_name, send, status, message) => {
    const before = count('rw_x');
    const res = await send();
    expect(res.status).toBe(status);
    expect((await errorBody(res)).message).toMatch(message);
    expect(count('rw_x')).toBe(before);
  });

  test('the explicit 1.0 proto parameter is accepted', async () => {
    const res = await write(body([ts('rw_v1', {}, [[1, T]])]), { 'content-type': 'application/x-protobuf;proto=prometheus.WriteRequest' });
    expect(res.status).toBe(204);
  });

  test('database busy → 503 + Retry-After (Prometheus retries), then stored once', async () => {
    // The writer has its own connection (and maybe its own thread): shorten its wait, not ours.
    const timeout = (await s.core.writer.pragma!('busy_timeout')) as number;
    await s.core.writer.pragma!('busy_timeout = 50');
    const other = new Database(s.core.dbPath);
    other.prepare('BEGIN IMMEDIATE').run();
    const payload = body([ts('rw_busy', {}, [[7, T]])]);
    const res = await write(payload);
    other.prepare('ROLLBACK').run();
    other.close();
    await s.core.writer.pragma!(`busy_timeout = ${timeout}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(count('rw_busy')).toBe(0);
    expect((await write(payload)).status).toBe(204);
    expect(count('rw_busy')).toBe(1);
  });
});
