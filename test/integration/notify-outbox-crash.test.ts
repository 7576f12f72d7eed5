/**
 * The outbox promise, against the built station killed with SIGKILL at random moments of an
 * alert storm: every notification arrives at a real webhook receiver at least once, at most one
 * duplicate per crash, and nothing arrives for an alert acknowledged before the crash.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { postJson, tempDir } from '../support/station';
import { spawnStation, type StationProcess } from '../support/station-process';
import { prng } from '../support/random';

interface Received {
  notification_id: number;
  alert_ids: number[];
  at: number;
}

/** A webhook receiver that answers after a random short delay, so kills land mid-send. */
async function receiver(rand: () => number): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const m = JSON.parse(body) as { notification_id: number; alerts: { id: number }[] };
      got.push({ notification_id: m.notification_id, alert_ids: m.alerts.map((a) => a.id), at: Date.now() });
      setTimeout(() => res.writeHead(200).end('ok'), Math.floor(rand() * 40));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server };
}

const api = async <T>(st: StationProcess, path: string, body?: unknown): Promise<T> => {
  const res = body === undefined ? await fetch(`${st.url}${path}`) : await postJson(`${st.url}${path}`, body);
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
};

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type AlertItem = { id: number; rule_name: string; status: string };

test('kill -9 at 20+ random points of an alert storm: no notification lost, ≤ 1 duplicate per crash, none for acknowledged alerts', { timeout: 300_000 }, async () => {
  const seed = Number(process.env.NOTIFY_CRASH_SEED ?? Date.now() % 1_000_000);
  const rand = prng(seed);
  const hook = await receiver(rand);
  const dataDir = tempDir();
  const CRASHES = 22;
  const PER_ROUND = 8;
  const ackedRules = new Set<string>();
  const allRules: string[] = [];
  let st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
  try {
    const channel = await api<{ id: number }>(st, '/notifications/channels', { name: 'hook', kind: 'webhook', config: { url: hook.url, format: 'json', max_attempts: 20 } });
    expect(channel.id).toBeGreaterThan(0);
    const base = { matchers: [], severities: [], continue: false, group_by: ['...'], group_interval: '1s', repeat_interval: '0', send_resolved: false, escalation: [] };
    await api(st, '/notifications/routing', {
      routes: [
        { ...base, id: 'root', parent: null, receivers: ['hook'], group_wait: '0s' },
        // Alerts the test acknowledges wait 3 s first, so their rows are queued at the ack and the crash.
        { ...base, id: 'held', parent: 'root', matchers: [{ name: 'ackable', op: '=', value: 'yes' }], receivers: ['hook'], group_wait: '3s' },
      ],
      flood: { max_alerts: 0, window: '5m' },
    });

    for (let round = 0; round < CRASHES; round++) {
      const names = Array.from({ length: PER_ROUND }, (_, i) => `storm-r${round}-${i}`);
      const ackable = names.filter(() => rand() < 0.25);
      for (const name of names) {
        await api(st, '/alerts/rules', {
          rule_name: name,
          kind: 'log_match',
          condition: `"tok-${name}"`,
          threshold: 0,
          operator: '>',
          severity: 'critical',
          labels: ackable.includes(name) ? { ackable: 'yes' } : {},
        });
        allRules.push(name);
      }
      const post = () => postJson(`${st.url}/logs`, names.map((n) => ({ message: `tok-${n} overheating`, level: 'ERROR', spacecraft_id: 'sc-1' })));
      expect((await post()).status).toBe(202);
      if (ackable.length) {
        const alerts = await until('ackable alerts firing', async () => {
          const items = (await api<{ items: AlertItem[] }>(st, '/alerts/active?status=firing&limit=1000')).items.filter((a) => ackable.includes(a.rule_name));
          return items.length === ackable.length && items;
        });
        for (const a of alerts) {
          await api(st, `/alerts/${a.id}/acknowledge`, { by: 'crash-test' });
          ackedRules.add(a.rule_name);
        }
      }
      // The storm is being dispatched now: crash at a random moment of it.
      await new Promise((r) => setTimeout(r, Math.floor(rand() * 250)));
      st.child.kill('SIGKILL');
      await st.exited;
      st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
      // Lines not yet committed at the kill are sent again, as a forwarder would.
      expect((await post()).status).toBe(202);
    }

    // Everything due has been delivered: every rule fired, the outbox is empty (the held rows too).
    await until('all alerts open', async () => {
      const items = (await api<{ items: AlertItem[] }>(st, '/alerts/active?status=firing,acknowledged&limit=1000')).items;
      return items.length === allRules.length;
    }, 60_000);
    await new Promise((r) => setTimeout(r, 3500));
    await until('outbox drained', async () => (await api<{ pending: number }>(st, '/notifications/deliveries?status=pending&limit=1')).pending === 0, 60_000);

    const alerts = (await api<{ items: AlertItem[] }>(st, '/alerts/active?status=firing,acknowledged&limit=1000')).items;
    const byRule = new Map(alerts.map((a) => [a.rule_name, a.id]));
    const receivedFor = (alertId: number) => hook.got.filter((g) => g.alert_ids.includes(alertId));
    const context = `seed ${seed}`;
    const unacked = allRules.filter((r) => !ackedRules.has(r));
    for (const rule of unacked) {
      const got = receivedFor(byRule.get(rule) as number);
      expect(got.length, `${rule} (${context})`).toBeGreaterThanOrEqual(1);
      // One notification (one outbox row) per alert, possibly received twice.
      expect(new Set(got.map((g) => g.notification_id)).size, `${rule} (${context})`).toBe(1);
    }
    for (const rule of ackedRules) expect(receivedFor(byRule.get(rule) as number), `${rule} acknowledged (${context})`).toEqual([]);
    const distinct = new Set(hook.got.map((g) => g.notification_id)).size;
    expect(distinct, context).toBe(unacked.length);
    const duplicates = hook.got.length - distinct;
    expect(duplicates, context).toBeLessThanOrEqual(CRASHES);
    const skipped = (await api<{ items: { purpose: string; alert_ids: number[]; last_error: string | null }[] }>(st, '/notifications/deliveries?status=skipped&limit=1000')).items;
    expect(skipped.filter((d) => d.purpose === 'firing').length, context).toBe(ackedRules.size);
    console.log(`notify crash test: seed ${seed}, ${CRASHES} crashes, ${allRules.length} alerts (${ackedRules.size} acknowledged), ${hook.got.length} deliveries, ${duplicates} duplicates`);
  } finally {
    st.child.kill('SIGKILL');
    await st.exited;
    hook.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
