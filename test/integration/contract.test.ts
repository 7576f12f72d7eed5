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
  ['alerts.listRules', {}, 'ok'],
  ['alerts.active', {}, 'ok'],
  ['alerts.active', { status: 'exploded' }, 'bad_request'],
  ['alerts.acknowledge', { id: 999_999, by: 'ops' }, 'not_found'],
  ['alerts.acknowledge', { id: 1 }, 'bad_request'],
  ['spacecraft.health', {}, 'ok'],
  ['dashboards.overview', {}, 'ok'],
  ['dashboards.overview', { from: 'now-1h', to: 'now-2h' }, 'bad_request'],
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
