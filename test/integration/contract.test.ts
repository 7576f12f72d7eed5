/**
 * One contract, two transports: the same cases run against the core directly (the path IPC
 * takes: dispatch with schema validation) and over real HTTP, and must agree.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Compile } from 'typebox/compile';
import { dispatch } from '../../src/core/handlers/dispatch';
import { contract, methodNames, type MethodName } from '../../src/shared/api/contract';
import { callHttp } from '../support/http-api';
import { postJson, startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  // A frozen clock, so relative ranges (now-24h) mean the same instant on both paths.
  const now = Date.now();
  s = await startTestStation({ core: { alertIntervalMs: 3_600_000, collectIntervalMs: 3_600_000, now: () => now } });
  const lines = Array.from({ length: 30 }, (_, i) => ({
    timestamp: now - i * 1000,
    level: ['info', 'warn', 'error'][i % 3],
    service: i % 2 ? 'nav' : 'power',
    spacecraft_id: `sc-${i % 3}`,
    request_id: `req-${i % 5}`,
    message: `telemetry frame ${i} ${i % 4 === 0 ? 'checksum mismatch' : 'ok'}`,
    metadata: { frame: i },
  }));
  expect((await postJson(`${s.url}/logs`, lines)).status).toBe(202);
  expect((await postJson(`${s.url}/metrics`, [{ name: 'bus.voltage', value: 28.1, unit: 'V' }])).status).toBe(202);
});
afterAll(async () => s.close());

type Case = [MethodName, Record<string, unknown>, 'ok' | string];
const readCases: Case[] = [
  ['logs.search', {}, 'ok'],
  ['logs.search', { q: 'checksum', limit: 5 }, 'ok'],
  ['logs.search', { min_level: 'WARN', service: 'nav' }, 'ok'],
  ['logs.search', { level: 'ERROR,INFO', spacecraft_id: 'sc-0' }, 'ok'],
  ['logs.search', { request_id: 'req-3' }, 'ok'],
  ['logs.search', { q: '"frame 1" OR (', from: 'now-1h' }, 'bad_request'],
  ['logs.search', { q: '"frame 1" OR checksum', from: 'now-1h' }, 'ok'],
  ['logs.search', { min_level: 'LOUD' }, 'bad_request'],
  ['logs.search', { from: 'yesterday-ish' }, 'bad_request'],
  ['logs.search', { limit: 0 }, 'bad_request'],
  ['logs.search', { cursor: 'not-a-cursor' }, 'bad_request'],
  ['logs.search', { bogus: 1 }, 'bad_request'],
  ['logs.values', { field: 'service' }, 'ok'],
  ['logs.values', { field: 'password' }, 'bad_request'],
  ['logs.histogram', {}, 'ok'],
  ['logs.histogram', { from: 'now-1h', bucket: '5m', min_level: 'WARN', q: 'telemetry' }, 'ok'],
  ['logs.histogram', { from: 'now-2d', bucket: '1m' }, 'bad_request'],
  ['logs.histogram', { bucket: 'soon' }, 'bad_request'],
  ['logs.facets', {}, 'ok'],
  ['logs.facets', { q: 'checksum', limit: 3 }, 'ok'],
  ['logs.facets', { level: 'LOUD' }, 'bad_request'],
  ['logs.context', { id: 5, before: 3, after: 3 }, 'ok'],
  ['logs.context', { id: 5, same: 'any' }, 'ok'],
  ['logs.context', { id: 999_999 }, 'not_found'],
  ['logs.context', { id: 5, same: 'planet' }, 'bad_request'],
  ['searches.save', { name: 'nav errors', query: { min_level: 'ERROR', service: 'nav', from: 'now-1h' } }, 'ok'],
  ['searches.save', { name: 'bad range', query: { from: 'yesterday-ish' } }, 'bad_request'],
  ['searches.save', { name: 'x', query: { password: 'y' } }, 'bad_request'],
  ['searches.list', {}, 'ok'],
  ['searches.delete', { id: 999_999 }, 'ok'],
  ['metrics.series', { name: 'bus.voltage' }, 'ok'],
  ['metrics.query', { query: 'avg(bus.voltage)' }, 'ok'],
  ['metrics.query', { query: 'avg(bus.voltage' }, 'bad_request'],
  ['metrics.queryRange', { query: 'bus.voltage', start: 'now-1h', step: '1m' }, 'ok'],
  ['metrics.queryRange', { query: 'bus.voltage', step: 'often' }, 'bad_request'],
  ['metrics.names', {}, 'ok'],
  ['metrics.retention', {}, 'ok'],
  ['metrics.setRetention', { raw: '14d' }, 'ok'],
  ['metrics.setRetention', { raw: 'a while' }, 'bad_request'],
  ['alerts.listRules', {}, 'ok'],
  ['alerts.active', {}, 'ok'],
  ['alerts.active', { status: 'exploded' }, 'bad_request'],
  ['alerts.acknowledge', { id: 999_999, by: 'ops' }, 'not_found'],
  ['alerts.acknowledge', { id: 1 }, 'bad_request'],
  ['alerts.getRule', { id: 999_999 }, 'not_found'],
  ['alerts.updateRule', { id: 999_999, rule_name: 'x', kind: 'log_match', condition: 'x', threshold: 1, severity: 'info' }, 'not_found'],
  ['alerts.deleteRule', { id: 999_999 }, 'not_found'],
  ['alerts.enableRule', { id: 999_999, enabled: true }, 'not_found'],
  ['alerts.ruleVersions', { id: 999_999 }, 'not_found'],
  ['alerts.restoreRuleVersion', { id: 999_999, version: 1 }, 'not_found'],
  ['alerts.previewRule', { rule_name: 'p', kind: 'log_match', condition: 'checksum', threshold: 1, severity: 'info' }, 'ok'],
  ['alerts.previewRule', { rule_name: 'p', kind: 'metric_threshold', condition: 'avg(', threshold: 1, severity: 'info' }, 'bad_request'],
  ['alerts.backtest', { rule: { rule_name: 'b', kind: 'endpoint_down', condition: '*', threshold: 1, severity: 'info' } }, 'bad_request'],
  ['alerts.getBacktest', { id: 999_999 }, 'not_found'],
  ['alerts.cancelBacktest', { id: 999_999 }, 'not_found'],
  ['alerts.get', { id: 999_999 }, 'not_found'],
  ['alerts.shelve', { id: 999_999, by: 'ops', duration: '1h' }, 'not_found'],
  ['alerts.unshelve', { id: 999_999 }, 'not_found'],
  ['alerts.createSilence', { matchers: [], ends_at: 'now+1h', comment: 'c', by: 'ops' }, 'bad_request'],
  ['alerts.listSilences', {}, 'ok'],
  ['alerts.expireSilence', { id: 999_999 }, 'not_found'],
  ['alerts.audit', {}, 'ok'],
  ['alerts.audit', { from: 'yesterday-ish' }, 'bad_request'],
  ['spacecraft.health', {}, 'ok'],
  ['dashboards.overview', {}, 'ok'],
  ['dashboards.overview', { from: 'now-1h', to: 'now-2h' }, 'bad_request'],
  ['dashboards.list', {}, 'ok'],
  ['dashboards.get', { id: 999_999 }, 'not_found'],
  ['dashboards.save', { name: 'x', panels: [{ id: 'a', title: '', queries: ['up'], chart: 'pie', width: 6, height: 3 }] }, 'bad_request'],
  ['dashboards.save', { name: 'x', panels: [{ id: 'a', title: '', queries: ['up'], chart: 'line', width: 6, height: 3 }, { id: 'a', title: '', queries: ['up'], chart: 'line', width: 6, height: 3 }] }, 'bad_request'],
  ['dashboards.save', { name: '  ', panels: [] }, 'bad_request'],
  ['dashboards.save', { id: 999_999, name: 'ghost', panels: [] }, 'not_found'],
  ['dashboards.delete', { id: 999_999 }, 'ok'],
  ['monitoring.listEndpoints', {}, 'ok'],
  ['analytics.trends', { from: 'now-1h', bucket: '5m' }, 'ok'],
  ['analytics.trends', { bucket: '1ms' }, 'bad_request'],
  ['retention.get', {}, 'ok'],
  ['retention.get', { bogus: 1 }, 'bad_request'],
  ['retention.set', { policy: { DEBUG: '14d', ERROR: 'forever' } }, 'ok'],
  ['retention.set', { policy: { DEBUG: '7 days' } }, 'bad_request'],
  ['retention.set', { policy: { LOUD: '1d' } }, 'bad_request'],
  ['system.info', {}, 'ok'],
  ['metrics.system', {}, 'ok'],
  ['metrics.system', { verbose: true }, 'bad_request'],
  ['monitoring.createEndpoint', { endpoint_url: 'ftp://example' }, 'bad_request'],
  ['monitoring.getEndpoint', { id: 999_999 }, 'not_found'],
  ['monitoring.getEndpoint', { id: 1, limit: 0 }, 'bad_request'],
  ['monitoring.updateEndpoint', { id: 999_999, name: 'x' }, 'not_found'],
  ['monitoring.updateEndpoint', { id: 1, check_interval: 'often' }, 'bad_request'],
  ['monitoring.deleteEndpoint', { id: 999_999 }, 'ok'],
  ['monitoring.pauseEndpoint', { id: 999_999 }, 'not_found'],
  ['spacecraft.get', { id: 'sc-0' }, 'ok'],
  ['spacecraft.get', { id: 'never-seen' }, 'not_found'],
  ['spacecraft.register', { id: 'relay-1', name: 'Relay 1', mission_type: 'relay', expected_contact_interval: '10m' }, 'ok'],
  ['spacecraft.register', { id: 'has space' }, 'bad_request'],
  ['spacecraft.update', { id: 'never-seen-either', name: 'x' }, 'not_found'],
  ['spacecraft.update', { id: 'sc-1', expected_contact_interval: 'sometimes' }, 'bad_request'],
  ['extraction.list', {}, 'ok'],
  ['extraction.save', { name: 'bad grok', kind: 'grok', pattern: 'x %{NOPE:y}' }, 'bad_request'],
  ['extraction.save', { name: 'bad kind', kind: 'sed', pattern: 's/a/b/' }, 'bad_request'],
  ['extraction.delete', { id: 999_999 }, 'ok'],
  ['extraction.test', { rule: { kind: 'grok', pattern: 'frame %{INT:frame:int}' }, lines: ['telemetry frame 7 ok', 'nothing'] }, 'ok'],
  ['extraction.test', { rule: { kind: 'regex', pattern: '(?<a>(b+)+)' }, lines: ['bbb'] }, 'ok'],
  ['extraction.test', { rule: { kind: 'regex', pattern: '(?<a>x)' }, lines: [{ a: 1 }] }, 'bad_request'],
  ['notify.listChannels', {}, 'ok'],
  ['notify.getRouting', {}, 'ok'],
  ['notify.setRouting', { routes: [], flood: { max_alerts: 0, window: '5m' } }, 'bad_request'],
  ['notify.saveChannel', { name: 'w', kind: 'webhook', config: { url: 'ftp://x' } }, 'bad_request'],
  ['notify.deleteChannel', { id: 999_999 }, 'not_found'],
  ['notify.testChannel', { id: 999_999 }, 'not_found'],
  ['notify.deliveries', {}, 'ok'],
  ['notify.deliveries', { status: 'lost' }, 'bad_request'],
];

test.each(readCases)('%s %j → %s, the same over both transports', async (method, input, expected) => {
  const direct = await dispatch(s.core.api, method, input);
  const overHttp = await callHttp(s.url, method, input);
  if (expected === 'ok') {
    expect(direct.ok, JSON.stringify(direct)).toBe(true);
    // Live figures (memory, uptime) differ between two calls; the shape is what must agree.
    if (method === 'metrics.system') expect(overHttp.result.ok).toBe(true);
    else expect(overHttp.result).toEqual(direct);
    expect(Compile(contract[method].output).Check(overHttp.result.ok && overHttp.result.value)).toBe(true);
  } else {
    expect(direct).toMatchObject({ ok: false, error: { code: expected } });
    expect(overHttp.result).toMatchObject({ ok: false, error: { code: expected } });
  }
});

test('writes agree too: creating a rule directly and over HTTP gives the same shape, duplicates conflict on both', async () => {
  const rule = { kind: 'log_match', condition: 'checksum', threshold: 1000, severity: 'warning', window: '5m' };
  const direct = await dispatch(s.core.api, 'alerts.createRule', { ...rule, rule_name: 'direct' });
  const overHttp = await callHttp(s.url, 'alerts.createRule', { ...rule, rule_name: 'over-http' });
  expect(overHttp.status).toBe(201);
  const strip = (r: unknown) => {
    const { id: _i, rule_name: _n, created_at: _c, updated_at: _u, ...rest } = r as Record<string, unknown>;
    return rest;
  };
  expect(direct.ok && overHttp.result.ok).toBe(true);
  if (direct.ok && overHttp.result.ok) expect(strip(overHttp.result.value)).toEqual(strip(direct.value));
  expect(await dispatch(s.core.api, 'alerts.createRule', { ...rule, rule_name: 'over-http' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  expect((await callHttp(s.url, 'alerts.createRule', { ...rule, rule_name: 'direct' })).status).toBe(409);
});

test('an unknown method is refused as data on the direct path', async () => {
  expect(await dispatch(s.core.api, 'logs.drop', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
});

test('every contract method is covered by these cases', () => {
  const covered = new Set([...readCases.map((c) => c[0]), 'alerts.createRule']);
  expect(methodNames.filter((m) => !covered.has(m))).toEqual([]);
});
