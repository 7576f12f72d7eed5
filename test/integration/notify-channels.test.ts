/**
 * Channels and routing over the real HTTP API of a real station: a webhook receiver that fails
 * before it succeeds, Slack-format escaping, email through a real SMTP server (smtp-server from
 * npm), local channels as events, validation errors naming the field, and a rule fired by
 * ingested lines reaching the webhook with its value and threshold.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/shared/api/events';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';

interface Hook {
  url: string;
  bodies: unknown[];
  /** Status codes to answer with, in order; then 200. */
  failures: number[];
  server: Server;
}

async function hook(): Promise<Hook> {
  const h: Hook = { url: '', bodies: [], failures: [], server: null as unknown as Server };
  h.server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      h.bodies.push(JSON.parse(body));
      res.writeHead(h.failures.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
  h.url = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}/in`;
  return h;
}

let st: TestStation;
let h: Hook;
const mails: { from: string; to: string[]; data: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

const post = async <T>(path: string, body: unknown, status = 200): Promise<T> => {
  const res = await postJson(`${st.url}${path}`, body);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
};
const get = async <T>(path: string): Promise<T> => (await (await fetch(`${st.url}${path}`)).json()) as T;

beforeAll(async () => {
  st = await startTestStation();
  h = await hook();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (d: Buffer) => (data += d.toString()));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await st?.close();
  h?.server.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe('channels', () => {
  it('lists the built-in local channels', async () => {
    const { items } = await get<{ items: { name: string; kind: string }[] }>('/notifications/channels');
    expect(items.map((c) => c.kind)).toEqual(['desktop', 'in_app', 'browser', 'sound']);
  });

  it('refuses bad channel configs with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'w', kind: 'webhook', config: { url: 'ftp://x' } }, 'config.url'],
      [{ name: 'w', kind: 'webhook', config: { url: 'http://x', format: 'teams' } }, 'config.format'],
      [{ name: 'w', kind: 'webhook', config: { url: 'http://x', headers: { 'X-A': 'a\r\nb' } } }, 'config.headers.X-A'],
      [{ name: 'm', kind: 'email', config: { host: 'h', from: 'ops@example.org', to: ['not an address'] } }, 'config.to[0]'],
      [{ name: 'm', kind: 'email', config: { host: 'h', from: 'ops@example.org' } }, 'config.to'],
      [{ name: 's', kind: 'sound', config: { severities: ['loud'] } }, 'config.severities[0]'],
      [{ name: 'x', kind: 'pager' }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const res = await postJson(`${st.url}/notifications/channels`, body);
      expect(res.status).toBe(400);
      expect((await errorBody(res)).message).toContain(field);
    }
  });

  it('webhook "send test" retries with backoff until the receiver takes it, and logs the delivery', async () => {
    const ch = await post<{ id: number }>('/notifications/channels', { name: 'ops-hook', kind: 'webhook', config: { url: h.url, headers: { Authorization: 'Bearer s3cret' } } });
    const listed = (await get<{ items: { id: number; config: { headers: Record<string, string> } }[] }>('/notifications/channels')).items.find((c) => c.id === ch.id);
    expect(listed?.config.headers).toEqual({ Authorization: '••••' });
    // A test answers at once: a failing receiver is reported, not retried behind the operator's back.
    h.failures.push(503);
    const failed = await post<{ ok: boolean; message: string; delivery_id: number }>(`/notifications/channels/${ch.id}/test`, {});
    expect(failed).toMatchObject({ ok: false, message: 'webhook answered 503' });
    const ok = await post<{ ok: boolean; message: string }>(`/notifications/channels/${ch.id}/test`, {});
    expect(ok.ok).toBe(true);
    expect(h.bodies).toHaveLength(2);
    expect(h.bodies[1]).toMatchObject({ purpose: 'test', source: 'observatory', title: 'Observatory test notification (ops-hook)' });
    const log = (await get<{ items: { id: number; status: string; last_error: string | null }[] }>('/notifications/deliveries?limit=5')).items;
    expect(log.slice(0, 2).map((d) => d.status)).toEqual(['sent', 'failed']);
    expect(log[1]?.last_error).toBe('webhook answered 503');
  });

  it('email "send test" goes through a real SMTP server', async () => {
    const ch = await post<{ id: number; config: Record<string, unknown> }>('/notifications/channels', {
      name: 'ops-mail',
      kind: 'email',
      config: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'observatory@example.org', to: ['oncall@example.org'], password: 'pw' },
    });
    expect(ch.config.password).toBe('••••');
    const res = await post<{ ok: boolean }>(`/notifications/channels/${ch.id}/test`, {});
    expect(res.ok).toBe(true);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['oncall@example.org']);
    expect(mails[0]?.data).toContain('Subject: Observatory test notification (ops-mail)');
  });

  it('local channels are events for the desktop shell and the consoles', async () => {
    const seen: AppEvent[] = [];
    const off = st.core.events.on((e) => e.type === 'notification' && seen.push(e));
    const desktop = (await get<{ items: { id: number; name: string }[] }>('/notifications/channels')).items.find((c) => c.name === 'Desktop');
    await post(`/notifications/channels/${desktop?.id}/test`, {});
    off();
    expect(seen).toMatchObject([{ type: 'notification', channel_kind: 'desktop', channel_name: 'Desktop', notification: { purpose: 'test' } }]);
  });
});

describe('routing over HTTP', () => {
  it('refuses a tree naming a missing channel, and deleting a channel a route uses', async () => {
    const res = await postJson(`${st.url}/notifications/routing`, {
      routes: [{ id: 'root', parent: null, matchers: [], severities: [], receivers: ['nobody'], continue: false, group_by: [], group_wait: '0s', group_interval: '1m', repeat_interval: '0', send_resolved: false, escalation: [] }],
      flood: { max_alerts: 0, window: '5m' },
    });
    expect(res.status).toBe(400);
    expect((await errorBody(res)).message).toBe('routes[0].receivers[0]: no channel is named "nobody"');
    const desktop = (await get<{ items: { id: number; name: string }[] }>('/notifications/channels')).items.find((c) => c.name === 'Desktop');
    const del = await postJson(`${st.url}/notifications/channels/${desktop?.id}/delete`, {});
    expect(del.status).toBe(409);
    expect((await errorBody(del)).message).toContain('routes[0]');
  });

  it('a rule fired by ingested lines reaches a Slack-format webhook, escaped, with value and threshold', async () => {
    await post('/notifications/channels', { name: 'slack', kind: 'webhook', config: { url: h.url, format: 'slack' } });
    const routing = await get<{ routes: Record<string, unknown>[]; flood: unknown }>('/notifications/routing');
    await post('/notifications/routing', {
      ...routing,
      routes: [...routing.routes, { id: 'sc7', parent: 'root', matchers: [{ name: 'spacecraft', op: '=', value: 'sc-7' }], severities: [], receivers: ['slack'], continue: false, group_by: ['alertname'], group_wait: '0s', group_interval: '1m', repeat_interval: '0', send_resolved: false, escalation: [] }],
    });
    const before = h.bodies.length;
    await post('/alerts/rules', { rule_name: 'Thruster <b>fault</b>', kind: 'log_match', condition: 'thruster', threshold: 1, operator: '>=', severity: 'critical', labels: { spacecraft: 'sc-7' } }, 201);
    expect((await postJson(`${st.url}/logs`, { message: 'thruster 3 fault', level: 'ERROR', spacecraft_id: 'sc-7' })).status).toBe(202);
    const end = Date.now() + 10_000;
    while (h.bodies.length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const body = h.bodies[before] as { text: string };
    expect(body.text).toContain('*CRITICAL: Thruster &lt;b&gt;fault&lt;/b&gt;*');
    expect(body.text).toMatch(/1.*threshold 1/);
  });

  it('a failing receiver gets the alert notification again with backoff (1 s, 2 s) until it answers 2xx', async () => {
    const before = h.bodies.length;
    h.failures.push(500, 502);
    await post('/alerts/rules', { rule_name: 'Wheel speed', kind: 'log_match', condition: 'wheel', threshold: 1, operator: '>=', severity: 'warning', labels: { spacecraft: 'sc-7' } }, 201);
    const t0 = Date.now();
    expect((await postJson(`${st.url}/logs`, { message: 'wheel 2 overspeed', level: 'WARN', spacecraft_id: 'sc-7' })).status).toBe(202);
    const end = Date.now() + 15_000;
    while (h.bodies.length < before + 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(h.bodies.length - before).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3000);
    const log = (await get<{ items: { channel_name: string; purpose: string; status: string; attempts: number }[] }>('/notifications/deliveries?limit=20')).items;
    expect(log.find((d) => d.channel_name === 'slack' && d.purpose === 'firing' && d.attempts === 3)?.status).toBe('sent');
  });
});
