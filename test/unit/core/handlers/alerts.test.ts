import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../../src/core/alerts/engine';
import { AlertsRepo } from '../../../../src/core/db/repos/alerts';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { MetricsRepo } from '../../../../src/core/db/repos/metrics';
import { EventBus } from '../../../../src/core/events';
import { alertHandlers } from '../../../../src/core/handlers/alerts';
import type { HandlerContext } from '../../../../src/core/handlers/context';
import { dispatch } from '../../../../src/core/handlers/dispatch';
import type { Api } from '../../../../src/shared/api/contract';
import type { AppEvent } from '../../../../src/shared/api/events';
import { logRecord, memoryDb } from '../fixtures';

const NOW = 1_795_428_000_000;
let db: Database;
let logs: LogsRepo;
let events: AppEvent[];
let api: Api;

beforeEach(() => {
  db = memoryDb();
  const alerts = new AlertsRepo(db);
  logs = new LogsRepo(db);
  const bus = new EventBus();
  events = [];
  bus.on((e) => events.push(e));
  const engine = new AlertEngine({ repo: alerts, kinds: { logs, metrics: new MetricsRepo(db) }, events: bus, now: () => NOW });
  api = alertHandlers({ repos: { alerts, logs }, engine, events: bus, now: () => NOW } as unknown as HandlerContext) as unknown as Api;
});
afterEach(() => db.close());

const rule = { rule_name: 'Wheel', kind: 'log_match', condition: 'level>=error', threshold: 0, severity: 'critical' };
const call = (method: 'alerts.createRule' | 'alerts.active' | 'alerts.acknowledge' | 'alerts.listRules', input: object) => dispatch(api, method, input);

describe('alerts.createRule', () => {
  it('fills defaults: window 5m, for 0s, operator >, both channels, active', async () => {
    const r = await call('alerts.createRule', rule);
    expect(r).toMatchObject({
      ok: true,
      value: { id: 1, window: '5m', window_ms: 300_000, for: '0ms', for_ms: 0, operator: '>', is_active: true, notification_channels: ['desktop', 'in_app'], labels: {}, description: null, created_at: NOW },
    });
  });

  it('judges the new rule at once against stored data', async () => {
    logs.insert(logRecord({ level: 'ERROR', timestamp: NOW - 1000, message: 'stall' }), NOW);
    await call('alerts.createRule', rule);
    expect(events.map((e) => e.type)).toEqual(['alert.fired']);
    expect(await call('alerts.active', {})).toMatchObject({ ok: true, value: { items: [{ status: 'firing', rule_name: 'Wheel' }] } });
  });

  it('does not judge an inactive rule', async () => {
    logs.insert(logRecord({ level: 'ERROR', timestamp: NOW - 1000, message: 'stall' }), NOW);
    await call('alerts.createRule', { ...rule, is_active: false });
    expect(events).toEqual([]);
  });

  it.each<[string, object, string, RegExp]>([
    ['a duplicate name', rule, 'conflict', /^rule_name: a rule named "Wheel" exists/],
    ['a bad metric condition', { ...rule, rule_name: 'm', kind: 'metric_threshold', condition: 'avg(' }, 'bad_request', /^condition: /],
    ['a window under 1s', { ...rule, rule_name: 'w', window: '500ms' }, 'bad_request', /^window: at least 1s/],
    ['an unknown kind', { ...rule, rule_name: 'k', kind: 'anomaly' }, 'bad_request', /\/kind/],
    ['an extra field', { ...rule, rule_name: 'x', query: 'x' }, 'bad_request', /\/query/],
  ])('refuses %s', async (_name, input, code, reason) => {
    await call('alerts.createRule', rule);
    expect(await call('alerts.createRule', input)).toEqual({ ok: false, error: { code, message: expect.stringMatching(reason) } });
  });
});

describe('alerts.active / alerts.acknowledge', () => {
  beforeEach(async () => {
    logs.insert(logRecord({ level: 'ERROR', timestamp: NOW - 1000, message: 'stall' }), NOW);
    await call('alerts.createRule', rule);
    events.length = 0;
  });

  it.each<[object, number | string]>([
    [{}, 1],
    [{ status: 'open' }, 1],
    [{ status: 'all' }, 1],
    [{ status: 'firing' }, 1],
    [{ status: 'resolved, pending' }, 0],
    [{ status: 'burning' }, 'bad_request'],
  ])('active %j', async (input, expected) => {
    const r = await call('alerts.active', input);
    if (typeof expected === 'number') expect(r.ok && (r.value as { items: unknown[] }).items).toHaveLength(expected);
    else expect(r).toMatchObject({ ok: false, error: { code: expected, message: expect.stringMatching(/^status: "burning"/) } });
  });

  it('acknowledges once, emits one update, then refuses with conflict', async () => {
    const first = await call('alerts.acknowledge', { id: 1, by: 'flight', comment: 'on it' });
    expect(first).toMatchObject({ ok: true, value: { status: 'acknowledged', acknowledged_by: 'flight', ack_comment: 'on it', acknowledged_at: NOW } });
    expect(events.map((e) => e.type)).toEqual(['alert.updated']);
    expect(await call('alerts.acknowledge', { id: 1, by: 'flight' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'alert 1 is acknowledged; only firing alerts, or cleared ones waiting for acknowledgement, can be acknowledged' },
    });
    expect(events).toHaveLength(1);
  });

  it('an unknown alert → not_found', async () => {
    expect(await call('alerts.acknowledge', { id: 99, by: 'x' })).toEqual({ ok: false, error: { code: 'not_found', message: 'alert 99 does not exist' } });
  });
});
