/**
 * Notifications driven by the real alert engine on a fake clock, through a real station and a
 * real webhook receiver: escalation at 5 min − 1 s / + 1 s, shelving holds repeats and a shelf
 * that expires notifies again, acknowledging stops repeat and escalation. Exact counts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postJson, startTestStation, type TestStation } from '../support/station';

let st: TestStation;
let server: Server;
let hookUrl = '';
const got: { purpose: string; alert_ids: number[] }[] = [];
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
let now = T0;
const MIN = 60_000;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const m = JSON.parse(body) as { purpose: string; alerts: { id: number }[] };
      got.push({ purpose: m.purpose, alert_ids: m.alerts.map((a) => a.id) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  st = await startTestStation({ core: { now: () => now, alertIntervalMs: 1000 } });
});
afterAll(async () => {
  await st?.close();
  server?.close();
});

const post = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await postJson(`${st.url}${path}`, body);
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
};
const purposes = () => got.map((g) => g.purpose);
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(purposes())}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const alertStatus = async (id: number) => ((await (await fetch(`${st.url}/alerts/${id}`)).json()) as { status?: string; alert?: { status: string } });
const statusOf = async (id: number) => {
  const a = await alertStatus(id);
  return a.alert?.status ?? a.status;
};
/** Move the fake clock and send what fell due. */
async function advance(ms: number) {
  now += ms;
  await st.core.notifications.dispatcher.runDue();
}

it('escalates at 5 min, holds repeats while shelved, notifies again when the shelf expires, stops once acknowledged', async () => {
  await post('/notifications/channels', { name: 'hook', kind: 'webhook', config: { url: hookUrl } });
  await post('/notifications/routing', {
    routes: [
      {
        id: 'root', parent: null, matchers: [], severities: [], receivers: ['hook'], continue: false, group_by: ['...'],
        group_wait: '0s', group_interval: '1m', repeat_interval: '1h', send_resolved: false,
        escalation: [{ after: '5m', receivers: ['hook'] }],
      },
    ],
    flood: { max_alerts: 0, window: '5m' },
  });
  await post('/alerts/rules', { rule_name: 'Valve stuck', kind: 'log_match', condition: 'valve', threshold: 1, operator: '>=', window: '2h', severity: 'critical', labels: { spacecraft: 'sc-3' } });
  expect((await postJson(`${st.url}/logs`, { message: 'valve 7 stuck open', level: 'error', spacecraft_id: 'sc-3' })).status).toBe(202);
  await until('the firing notification', () => got.length === 1);
  expect(purposes()).toEqual(['firing']);
  const alertId = got[0]?.alert_ids[0] as number;

  await advance(5 * MIN - 1000); // escalation − 1 s
  expect(purposes()).toEqual(['firing']);
  await advance(2000); // escalation + 1 s
  expect(purposes()).toEqual(['firing', 'escalation']);

  await post(`/alerts/${alertId}/shelve`, { by: 'ops', duration: '15m' });
  expect(await statusOf(alertId)).toBe('shelved');
  await advance(10 * MIN);
  expect(purposes()).toEqual(['firing', 'escalation']);

  // The shelf ends at +20 min; the engine's next tick brings the alarm back unacknowledged.
  now += 6 * MIN;
  await until('the alarm back from the shelf', async () => (await statusOf(alertId)) === 'firing');
  await until('the notification of the return', () => got.length === 3);
  expect(purposes()).toEqual(['firing', 'escalation', 'firing']);

  await post(`/alerts/${alertId}/acknowledge`, { by: 'ops' });
  await advance(3 * 60 * MIN); // past every repeat and the new escalation
  expect(purposes()).toEqual(['firing', 'escalation', 'firing']);
  const skipped = (await (await fetch(`${st.url}/notifications/deliveries?status=skipped`)).json()) as { items: { purpose: string }[] };
  expect(skipped.items.map((d) => d.purpose).sort()).toEqual(['escalation', 'repeat']);
});

const silenced = { alertId: 0, silenceId: 0 };
it('an alert under a silence is not notified; the delivery log says it was skipped', async () => {
  const before = got.length;
  const silence = await post<{ id: number }>('/alerts/silences', { matchers: [{ name: 'spacecraft', op: '=', value: 'sc-4' }], ends_at: 'now+1h', comment: 'antenna maintenance', by: 'ops' });
  await post('/alerts/rules', { rule_name: 'Downlink lost', kind: 'log_match', condition: 'downlink', threshold: 1, operator: '>=', window: '2h', severity: 'critical', labels: { spacecraft: 'sc-4' } });
  expect((await postJson(`${st.url}/logs`, { message: 'downlink lost', level: 'error', spacecraft_id: 'sc-4' })).status).toBe(202);
  type Row = { purpose: string; status: string; last_error: string | null; alert_ids: number[] };
  const rowsFor = async () => ((await (await fetch(`${st.url}/notifications/deliveries`)).json()) as { items: Row[] }).items.filter((d) => d.purpose === 'firing');
  await until('the firing row of the silenced alert', async () => (await rowsFor()).length === 3);
  await advance(1000);
  const newest = (await rowsFor())[0] as Row;
  expect(newest).toMatchObject({ status: 'skipped', last_error: 'nothing to send: the alert is silenced now' });
  expect(got.length).toBe(before);
  silenced.alertId = newest.alert_ids[0] ?? 0;
  silenced.silenceId = silence.id;
});

it('when the silence ends while the alert still fires, it is notified then (not at the next repeat hours later)', async () => {
  const before = got.length;
  await post(`/alerts/silences/${silenced.silenceId}/expire`, {});
  // The next evaluation (every second here) sees the silence gone; the notification is due at once (group_wait 0).
  await until('the firing notification after the silence', async () => {
    await st.core.notifications.dispatcher.runDue();
    return got.length > before;
  });
  expect(got.slice(before)).toEqual([{ purpose: 'firing', alert_ids: [silenced.alertId] }]);
  // Once: later evaluations of the still-firing alert do not notify again.
  await advance(3000);
  await new Promise((r) => setTimeout(r, 2500));
  await advance(1000);
  expect(got.length).toBe(before + 1);
});
