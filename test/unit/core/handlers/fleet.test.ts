import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlertsRepo } from '../../../../src/core/db/repos/alerts';
import { EndpointsRepo } from '../../../../src/core/db/repos/endpoints';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { SpacecraftRepo } from '../../../../src/core/db/repos/spacecraft';
import type { HandlerContext } from '../../../../src/core/handlers/context';
import { dispatch } from '../../../../src/core/handlers/dispatch';
import { fleetHandlers } from '../../../../src/core/handlers/fleet';
import type { Api } from '../../../../src/shared/api/contract';
import type { Endpoint } from '../../../../src/shared/api/schemas/fleet';
import { logRecord, memoryDb } from '../fixtures';

const NOW = 1_795_428_000_000;
const MIN = 60_000;

let db: Database;
let repos: { logs: LogsRepo; alerts: AlertsRepo; spacecraft: SpacecraftRepo; endpoints: EndpointsRepo };
let scheduler: { added: ReturnType<typeof vi.fn>; updated: ReturnType<typeof vi.fn>; removed: ReturnType<typeof vi.fn> };
let emit: ReturnType<typeof vi.fn>;
let api: Api;

beforeEach(() => {
  db = memoryDb();
  repos = { logs: new LogsRepo(db), alerts: new AlertsRepo(db), spacecraft: new SpacecraftRepo(db), endpoints: new EndpointsRepo(db) };
  scheduler = { added: vi.fn(), updated: vi.fn(), removed: vi.fn() };
  emit = vi.fn();
  api = fleetHandlers({ repos, now: () => NOW, scheduler, events: { emit } } as unknown as HandlerContext) as unknown as Api;
});
afterEach(() => db.close());

const lines = (spacecraft_id: string, at: number, n: number, errors: number) => {
  for (let i = 0; i < n; i++) repos.logs.insert(logRecord({ spacecraft_id, timestamp: at, level: i < errors ? 'ERROR' : 'INFO', message: 'm' }), NOW);
};

describe('monitoring.createEndpoint', () => {
  it.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ endpoint_url: 'https://dsn.example/status' }, { name: 'dsn.example', kind: 'http', check_interval: 30_000, timeout: 5_000, spacecraft_id: null, retries: 0, paused: false, config: {} }],
    [{ endpoint_url: 'tcp://10.0.0.5:7000' }, { name: '10.0.0.5:7000', kind: 'tcp' }],
    [{ endpoint_url: 'http://x:8080/', name: 'X', check_interval: '1m', timeout: '500ms' }, { name: 'X', check_interval: 60_000, timeout: 500 }],
    [{ endpoint_url: 'http://x/', spacecraft_id: 'v1' }, { spacecraft_id: 'v1' }],
    [
      { endpoint_url: 'https://x/health', method: 'POST', expected_status: 204, keyword: 'ok', json_path: '$.checks[0].ok', json_expected: 'true', cert_expiry_days: 14, retries: 2 },
      { retries: 2, config: { method: 'POST', expected_status: 204, keyword: 'ok', json_path: '$.checks[0].ok', json_expected: 'true', cert_expiry_days: 14 } },
    ],
    [{ endpoint_url: 'http://exporter:9100/metrics', kind: 'prometheus', job: 'node' }, { kind: 'prometheus', config: { job: 'node' } }],
    [{ endpoint_url: 'http://x/', paused: true }, { paused: true }],
  ])('%j', async (input, expected) => {
    const r = await dispatch(api, 'monitoring.createEndpoint', input);
    expect(r).toMatchObject({ ok: true, value: { ...expected, status: 'unknown', last_check: null, created_at: NOW, failures: 0 } });
    expect(scheduler.added).toHaveBeenCalledWith(r.ok && r.value);
  });

  it('registers the linked spacecraft', async () => {
    await dispatch(api, 'monitoring.createEndpoint', { endpoint_url: 'http://x/', spacecraft_id: 'v1' });
    expect(repos.spacecraft.list().map((s) => s.id)).toEqual(['v1']);
  });

  it.each<[Record<string, unknown>, RegExp]>([
    [{ endpoint_url: 'http://[bad' }, /^endpoint_url: /],
    [{ endpoint_url: 'tcp://host:70000' }, /^endpoint_url: /],
    [{ endpoint_url: 'http://x/', check_interval: '0s' }, /^check_interval: /],
    [{ endpoint_url: 'http://x/', check_interval: '2d' }, /^check_interval: /],
    [{ endpoint_url: 'http://x/', timeout: '2m' }, /^timeout: /],
    [{ endpoint_url: 'tcp://x:1', kind: 'http' }, /^endpoint_url: a http endpoint needs a http:\/\/ or https:\/\/ URL/],
    [{ endpoint_url: 'http://x/', kind: 'tcp' }, /^endpoint_url: a tcp endpoint needs a tcp:\/\/ URL/],
    [{ endpoint_url: 'tcp://x:1', keyword: 'up' }, /^keyword: not for tcp endpoints/],
    [{ endpoint_url: 'http://x/', cert_expiry_days: 7 }, /^cert_expiry_days: only for https/],
    [{ endpoint_url: 'http://x/', json_expected: 'ok' }, /^json_expected: needs json_path/],
    [{ endpoint_url: 'http://x/', job: 'node' }, /^job: only for prometheus/],
    [{ endpoint_url: 'http://x/', kind: 'prometheus', keyword: 'x' }, /^keyword: not for prometheus/],
    [{ endpoint_url: 'http://x/', json_path: 'a b' }, /\/json_path/],
    [{ endpoint_url: 'http://x/', retries: 11 }, /\/retries/],
    [{ endpoint_url: 'http://x/', kind: 'ftp' }, /\/kind/],
  ])('%j → bad_request naming the field', async (input, message) => {
    const r = await dispatch(api, 'monitoring.createEndpoint', input);
    expect(r).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(message) } });
    expect(scheduler.added).not.toHaveBeenCalled();
  });

  it('lists endpoints in creation order', async () => {
    await dispatch(api, 'monitoring.createEndpoint', { endpoint_url: 'http://a/' });
    await dispatch(api, 'monitoring.createEndpoint', { endpoint_url: 'http://b/' });
    const r = await api['monitoring.listEndpoints']({});
    expect(r.items.map((e) => e.name)).toEqual(['a', 'b']);
  });
});

describe('monitoring.updateEndpoint / pauseEndpoint / deleteEndpoint / getEndpoint', () => {
  const create = async (input: Record<string, unknown>) => {
    const r = await dispatch(api, 'monitoring.createEndpoint', input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Endpoint;
  };

  it('changes only the fields given, keeps kind settings, and reschedules', async () => {
    const e = await create({ endpoint_url: 'https://x/h', keyword: 'ok', spacecraft_id: 'v1', retries: 1 });
    const r = await dispatch(api, 'monitoring.updateEndpoint', { id: e.id, check_interval: '10s', cert_expiry_days: 30 });
    expect(r).toMatchObject({ ok: true, value: { id: e.id, check_interval: 10_000, timeout: 5000, retries: 1, spacecraft_id: 'v1', config: { keyword: 'ok', cert_expiry_days: 30 } } });
    expect(scheduler.updated).toHaveBeenCalledWith(r.ok && r.value);
    const unlinked = await dispatch(api, 'monitoring.updateEndpoint', { id: e.id, spacecraft_id: null });
    expect(unlinked).toMatchObject({ ok: true, value: { spacecraft_id: null } });
  });

  it('a new target starts its status afresh; the same target keeps it', async () => {
    const e = await create({ endpoint_url: 'http://x/' });
    repos.endpoints.recordCheck(e.id, { at: NOW, ok: false, status: 'down', failures: 3, latency_ms: null, error: 'ECONNREFUSED', changed: true });
    expect((await api['monitoring.updateEndpoint']({ id: e.id, name: 'renamed' })).status).toBe('down');
    expect(await api['monitoring.updateEndpoint']({ id: e.id, endpoint_url: 'http://y/' })).toMatchObject({ status: 'unknown', failures: 0, last_error: null, name: 'renamed' });
  });

  it('validates the merged settings', async () => {
    const e = await create({ endpoint_url: 'http://x/', keyword: 'ok' });
    const r = await dispatch(api, 'monitoring.updateEndpoint', { id: e.id, endpoint_url: 'tcp://x:1' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^endpoint_url: /) } });
    expect(await dispatch(api, 'monitoring.updateEndpoint', { id: 999, name: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('pause and resume: saved, rescheduled, announced as endpoint.state once per change', async () => {
    const e = await create({ endpoint_url: 'http://x/', spacecraft_id: 'v1' });
    expect(await api['monitoring.pauseEndpoint']({ id: e.id })).toMatchObject({ paused: true });
    expect(await api['monitoring.pauseEndpoint']({ id: e.id, paused: true })).toMatchObject({ paused: true });
    expect(await api['monitoring.pauseEndpoint']({ id: e.id, paused: false })).toMatchObject({ paused: false });
    expect(emit.mock.calls.map((c) => [c[0].from, c[0].to])).toEqual([['unknown', 'paused'], ['paused', 'unknown']]);
    expect(emit.mock.calls[0]![0]).toMatchObject({ type: 'endpoint.state', endpoint_id: e.id, spacecraft_id: 'v1', at: NOW });
    expect(scheduler.updated).toHaveBeenCalledTimes(3);
  });

  it('delete forgets the endpoint and its history', async () => {
    const e = await create({ endpoint_url: 'http://x/' });
    repos.endpoints.recordCheck(e.id, { at: NOW, ok: true, status: 'up', failures: 0, latency_ms: 3, error: null, changed: true });
    expect(await api['monitoring.deleteEndpoint']({ id: e.id })).toEqual({ deleted: true });
    expect(await api['monitoring.deleteEndpoint']({ id: e.id })).toEqual({ deleted: false });
    expect(scheduler.removed).toHaveBeenCalledWith(e.id);
    expect((db.prepare('SELECT count(*) AS n FROM endpoint_checks').get() as { n: number }).n).toBe(0);
    expect(await dispatch(api, 'monitoring.getEndpoint', { id: e.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('uptime per window, history newest first, state changes', async () => {
    const e = await create({ endpoint_url: 'http://x/' });
    const check = (at: number, ok: boolean, status: 'up' | 'down') =>
      repos.endpoints.recordCheck(e.id, { at, ok, status, failures: ok ? 0 : 1, latency_ms: ok ? 5 : null, error: ok ? null : 'boom', changed: false });
    check(NOW - 20 * 86_400_000, false, 'down'); // only in 30 d
    check(NOW - 3 * 86_400_000, true, 'up'); // in 7 d and 30 d
    check(NOW - 2 * 3_600_000, true, 'up');
    check(NOW - 3_600_000, false, 'down');
    check(NOW - 60_000, true, 'up');
    const d = await api['monitoring.getEndpoint']({ id: e.id, limit: 3 });
    expect(d.uptime).toEqual({ '24h': 66.667, '7d': 75, '30d': 60 });
    expect(d.history.map((h) => [h.at, h.ok, h.status])).toEqual([[NOW - 60_000, true, 'up'], [NOW - 3_600_000, false, 'down'], [NOW - 2 * 3_600_000, true, 'up']]);
    expect(d.state_changes.map((c) => [c.at, c.status])).toEqual([
      [NOW - 60_000, 'up'], [NOW - 3_600_000, 'down'], [NOW - 3 * 86_400_000, 'up'], [NOW - 20 * 86_400_000, 'down'],
    ]);
    expect(d.endpoint).toMatchObject({ status: 'up', last_check: NOW - 60_000 });
  });
});

describe('spacecraft.health', () => {
  it('scores every known spacecraft against its own baseline and saves the result', async () => {
    repos.spacecraft.touch('fresh', NOW - MIN, NOW);
    repos.spacecraft.touch('steady', NOW - MIN, NOW);
    repos.spacecraft.touch('quiet', NOW - 90 * MIN, NOW);
    repos.spacecraft.ensure('never', NOW);
    lines('fresh', NOW - 2 * MIN, 20, 1); // 5 % errors, no baseline: all 35 points
    lines('fresh', NOW - 26 * 60 * MIN, 10, 10); // older than the baseline window: ignored
    lines('steady', NOW - 2 * MIN, 20, 1); // 5 % errors…
    lines('steady', NOW - 5 * 60 * MIN, 100, 5); // …as usual for it: free

    const { items } = await api['spacecraft.health']({});
    expect(items.map((s) => [s.id, s.status, s.health_score, s.lines_1h, s.errors_1h])).toEqual([
      ['fresh', 'degraded', 65, 20, 1],
      ['never', 'unknown', 75, 0, 0],
      ['quiet', 'lost-contact', 75, 0, 0],
      ['steady', 'nominal', 100, 20, 1],
    ]);
    expect(items[0]!.health_terms.map((t) => [t.name, t.points])).toEqual([['errors', -35], ['contact', 0], ['alerts', 0], ['endpoints', 0], ['telemetry', 0]]);
    expect(repos.spacecraft.list().map((s) => [s.id, s.status, s.health_score])).toEqual([
      ['fresh', 'degraded', 65],
      ['never', 'unknown', 75],
      ['quiet', 'lost-contact', 75],
      ['steady', 'nominal', 100],
    ]);
  });

  it('a linked endpoint that is down costs 10, unless it is paused', async () => {
    repos.spacecraft.touch('v1', NOW, NOW);
    const e = await api['monitoring.createEndpoint']({ endpoint_url: 'http://x/', spacecraft_id: 'v1' });
    repos.endpoints.recordCheck(e.id, { at: NOW, ok: false, status: 'down', failures: 1, latency_ms: null, error: 'x', changed: true });
    expect((await api['spacecraft.health']({})).items[0]).toMatchObject({ health_score: 90 });
    await api['monitoring.pauseEndpoint']({ id: e.id });
    expect((await api['spacecraft.health']({})).items[0]).toMatchObject({ health_score: 100 });
  });

  it('counts open alerts of rules labelled with the spacecraft', async () => {
    repos.spacecraft.touch('v1', NOW, NOW);
    const rule = repos.alerts.createRule({
      rule_name: 'r', kind: 'log_match', condition: 'x', operator: '>', threshold: 0, window_ms: MIN, for_ms: 0, severity: 'critical',
      is_active: true, notification_channels: [], labels: { spacecraft: 'v1' }, description: null, created_at: NOW, updated_at: NOW,
    });
    repos.alerts.insertAlert({ rule_id: rule.id, status: 'firing', at: NOW, value: 1, details: {} });
    const { items } = await api['spacecraft.health']({});
    expect(items[0]).toMatchObject({ id: 'v1', active_alerts: 1, health_score: 70, status: 'degraded' });
  });
});

describe('spacecraft.register / update / get', () => {
  it('registers with its details; re-registering updates; ingest-seen spacecraft become registered', async () => {
    const r = await dispatch(api, 'spacecraft.register', { id: 'aurora-1', name: 'Aurora-1', mission_type: 'earth-observation', location: 'LEO', expected_contact_interval: '90m' });
    expect(r).toMatchObject({ ok: true, value: { id: 'aurora-1', name: 'Aurora-1', mission_type: 'earth-observation', location: 'LEO', expected_contact_interval: 90 * MIN, registered: true, status: 'unknown' } });
    const again = await api['spacecraft.register']({ id: 'aurora-1', location: 'GEO' });
    expect(again).toMatchObject({ name: 'Aurora-1', location: 'GEO', expected_contact_interval: 90 * MIN });
    repos.spacecraft.touch('seen', NOW, NOW);
    expect(repos.spacecraft.get('seen')).toMatchObject({ registered: 0 });
    expect(await api['spacecraft.register']({ id: 'seen', name: 'Seen' })).toMatchObject({ registered: true, name: 'Seen', last_contact: NOW });
  });

  it('the expected contact interval decides when contact is lost', async () => {
    repos.spacecraft.touch('leo', NOW - 70 * MIN, NOW);
    expect((await api['spacecraft.get']({ id: 'leo' })).spacecraft.status).toBe('lost-contact');
    await api['spacecraft.update']({ id: 'leo', expected_contact_interval: '90m' });
    expect((await api['spacecraft.get']({ id: 'leo' })).spacecraft).toMatchObject({ status: 'nominal', health_score: 100 });
    await api['spacecraft.update']({ id: 'leo', expected_contact_interval: null });
    expect((await api['spacecraft.get']({ id: 'leo' })).spacecraft.expected_contact_interval).toBeNull();
  });

  it('detail: terms, linked endpoints, baseline figures; unknown ids are 404; bad input names the field', async () => {
    repos.spacecraft.touch('v1', NOW, NOW);
    lines('v1', NOW - 3 * 60 * MIN, 50, 2);
    await api['monitoring.createEndpoint']({ endpoint_url: 'http://x/', spacecraft_id: 'v1' });
    const d = await api['spacecraft.get']({ id: 'v1' });
    expect(d).toMatchObject({ lines_baseline_24h: 50, errors_baseline_24h: 2, computed_at: NOW });
    expect(d.endpoints.map((e) => e.name)).toEqual(['x']);
    expect(d.spacecraft.health_terms).toHaveLength(5);
    expect(await dispatch(api, 'spacecraft.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch(api, 'spacecraft.update', { id: 'nope', name: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch(api, 'spacecraft.register', { id: 'x', expected_contact_interval: 'soon' })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/expected_contact_interval/) } });
    expect(await dispatch(api, 'spacecraft.register', { id: 'a b' })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/\/id/) } });
  });
});

describe('monitoring.updateEndpoint: kind', () => {
  it('switching kind takes the new kind settings and drops the old', async () => {
    const e = await api['monitoring.createEndpoint']({ endpoint_url: 'http://x/metrics', keyword: 'up' });
    const r = await dispatch(api, 'monitoring.updateEndpoint', { id: e.id, kind: 'prometheus', job: 'node' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'prometheus', config: { job: 'node' }, status: 'unknown' } });
    expect(r.ok && (r.value as Endpoint).config).toEqual({ job: 'node' });
  });
});

describe('monitoring.updateEndpoint: removing settings', () => {
  it('null removes a kind setting, left out keeps it', async () => {
    const e = await api['monitoring.createEndpoint']({ endpoint_url: 'https://x/', keyword: 'ok', cert_expiry_days: 9 });
    const r = await api['monitoring.updateEndpoint']({ id: e.id, keyword: null });
    expect(r.config).toEqual({ cert_expiry_days: 9 });
  });

  it('HEAD has no body for a keyword or JSON path', async () => {
    const r = await dispatch(api, 'monitoring.createEndpoint', { endpoint_url: 'http://x/', method: 'HEAD', keyword: 'ok' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'keyword: a HEAD answer has no body to look in' } });
  });
});
