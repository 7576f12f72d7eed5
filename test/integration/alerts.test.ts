/** A matching rule really fires into GET /alerts/active and can be acknowledged, over real HTTP. */
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Alert, AlertList } from '../../src/shared/api/schemas/alerts';
import type { AppEvent } from '../../src/shared/api/events';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';

let s: TestStation;
let events: AppEvent[];
beforeEach(async () => {
  s = await startTestStation();
  events = [];
  s.core.events.on((e) => events.push(e));
});
afterEach(async () => s.close());

async function active(): Promise<Alert[]> {
  return ((await (await fetch(`${s.url}/alerts/active`)).json()) as AlertList).items;
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('log_match: critical lines raise an alert within a second of their 2xx; ack records who, when, comment', async () => {
  const rule = await postJson(`${s.url}/alerts/rules`, {
    rule_name: 'Thruster faults',
    kind: 'log_match',
    condition: 'level>=error thruster',
    operator: '>=',
    threshold: 2,
    window: '5m',
    for: '0s',
    severity: 'critical',
    is_active: true,
    notification_channels: ['desktop', 'in_app'],
  });
  expect(rule.status).toBe(201);
  expect(await active()).toEqual([]);

  await postJson(`${s.url}/logs`, [
    { level: 'ERROR', message: 'thruster 3 valve stuck', spacecraft_id: 'voyager-1' },
    { level: 'INFO', message: 'thruster 3 nominal' },
  ]);
  expect(await active()).toEqual([]); // one matching line: below threshold

  const acceptedAt = Date.now();
  await postJson(`${s.url}/logs`, { level: 'CRITICAL', message: 'thruster 3 overheating' });
  const fired = await until(async () => (await active()).find((a) => a.status === 'firing'));
  expect(Date.now() - acceptedAt).toBeLessThan(1000);
  expect(fired).toMatchObject({ rule_name: 'Thruster faults', severity: 'critical', value: 2, threshold: 2 });
  expect(fired.message).toContain('2 matching lines');
  expect(fired.message).toContain('threshold 2');
  expect(events.filter((e) => e.type === 'alert.fired')).toHaveLength(1);

  const ack = await postJson(`${s.url}/alerts/${fired.id}/acknowledge`, { by: 'flight director', comment: 'switching to thruster 4' });
  expect(ack.status).toBe(200);
  const acked = (await ack.json()) as Alert;
  expect(acked).toMatchObject({ status: 'acknowledged', acknowledged_by: 'flight director', ack_comment: 'switching to thruster 4' });
  expect(acked.acknowledged_at).toBeGreaterThanOrEqual(acceptedAt);
  expect((await active()).map((a) => a.status)).toEqual(['acknowledged']);

  const again = await postJson(`${s.url}/alerts/${fired.id}/acknowledge`, { by: 'someone else' });
  expect(again.status).toBe(409);
});

test('metric_threshold: pushed samples above the threshold fire; the alert resolves when they fall back', async () => {
  const res = await postJson(`${s.url}/alerts/rules`, {
    rule_name: 'Battery hot', kind: 'metric_threshold', condition: 'max(battery.temp_c)', operator: '>', threshold: 45, window: '2s', severity: 'warning',
  });
  expect(res.status).toBe(201);
  await postJson(`${s.url}/metrics`, [{ name: 'battery.temp_c', value: 51.5, unit: 'C', labels: { spacecraft: 'juno' } }]);
  const fired = await until(async () => (await active()).find((a) => a.status === 'firing'));
  expect(fired.value).toBe(51.5);
  expect(fired.message).toContain('51.5 > threshold 45');

  await new Promise((r) => setTimeout(r, 2100));
  await postJson(`${s.url}/metrics`, [{ name: 'battery.temp_c', value: 30 }]);
  await until(async () => ((await active()).length === 0 ? true : undefined));
  const all = ((await (await fetch(`${s.url}/alerts/active?status=all`)).json()) as AlertList).items;
  expect(all.map((a) => a.status)).toEqual(['resolved']);
});

test('a rule with `for` is pending first, and a bad condition is a 400', async () => {
  await postJson(`${s.url}/logs`, { level: 'ERROR', message: 'gyro drift' });
  const res = await postJson(`${s.url}/alerts/rules`, { rule_name: 'Gyro', kind: 'log_match', condition: 'gyro', threshold: 0, for: '10m', severity: 'info' });
  expect(res.status).toBe(201);
  expect((await active()).map((a) => a.status)).toEqual(['pending']);
  const bad = await postJson(`${s.url}/alerts/rules`, { rule_name: 'Bad', kind: 'metric_threshold', condition: 'avg(', threshold: 1, severity: 'info' });
  expect(bad.status).toBe(400);
  expect((await errorBody(bad)).message).toMatch(/^condition:/);
  const badDuration = await postJson(`${s.url}/alerts/rules`, { rule_name: 'Bad2', kind: 'log_match', condition: 'x', threshold: 1, window: 'forever', severity: 'info' });
  expect(badDuration.status).toBe(400);
  expect((await errorBody(badDuration)).message).toMatch(/window must be a duration such as 30s/);
});
