/**
 * The alarm lifecycle over real HTTP on real stations: state survives a graceful stop/start and
 * a kill -9 of the station process (pending resumes its `for` timer from the stored start,
 * firing stays firing, acknowledgements and shelves persist); rules are versioned and every
 * operator action lands in the searchable audit log.
 */
import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import type { Alert, AlertDetail, AlertList, AlertRule, AuditList, Backtest, RuleVersionList } from '../../src/shared/api/schemas/alerts';
import { errorBody, postJson, startTestStation, tempDir } from '../support/station';
import { spawnStation } from '../support/station-process';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
async function post<T>(url: string, body: unknown, status = 200): Promise<T> {
  const res = await postJson(url, body);
  if (res.status !== status) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
async function until<T>(fn: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const alertsOf = async (url: string, ruleId: number) => (await get<AlertList>(`${url}/alerts/active?status=all&rule_id=${ruleId}`)).items;
const rule = (name: string, condition: string, extra: object = {}) => ({
  rule_name: name, kind: 'log_match', condition, operator: '>', threshold: 0, window: '1h', severity: 'critical', by: 'flight', ...extra,
});

test('stop/start: pending resumes its timer, acknowledged and shelved persist', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let s = await startTestStation({ dataDir, core: { alertIntervalMs: 200 } });
  const pending = await post<AlertRule>(`${s.url}/alerts/rules`, rule('Slow burn', 'slowburn', { for: '4s' }), 201);
  const acked = await post<AlertRule>(`${s.url}/alerts/rules`, rule('Acked', 'ackme'), 201);
  const shelved = await post<AlertRule>(`${s.url}/alerts/rules`, rule('Shelved', 'shelveme'), 201);
  await post(`${s.url}/logs`, [{ message: 'slowburn 1' }, { message: 'ackme 1' }, { message: 'shelveme 1' }], 202);
  const p = await until(async () => (await alertsOf(s.url, pending.id)).find((a) => a.status === 'pending'));
  const a = await until(async () => (await alertsOf(s.url, acked.id)).find((x) => x.status === 'firing'));
  const sh = await until(async () => (await alertsOf(s.url, shelved.id)).find((x) => x.status === 'firing'));
  await post(`${s.url}/alerts/${a.id}/acknowledge`, { by: 'flight', comment: 'on it' });
  await post(`${s.url}/alerts/${sh.id}/shelve`, { by: 'flight', duration: '1h', comment: 'known' });
  await s.close();

  // Stay down past the end of `for`: a resumed timer fires on the first evaluation, a restarted one 4 s later.
  while (Date.now() < p.started_at + 4500) await new Promise((r) => setTimeout(r, 100));
  s = await startTestStation({ dataDir, core: { alertIntervalMs: 200 } });
  const readyAt = Date.now();
  try {
    expect((await alertsOf(s.url, acked.id))[0]).toMatchObject({ id: a.id, status: 'acknowledged', acknowledged_by: 'flight', ack_comment: 'on it' });
    expect((await alertsOf(s.url, shelved.id))[0]).toMatchObject({ id: sh.id, status: 'shelved', shelved_by: 'flight' });
    const fired = await until(async () => (await alertsOf(s.url, pending.id)).find((x) => x.status === 'firing'));
    expect(fired.id).toBe(p.id);
    // Resumed, not restarted: fires 4 s after the breach began, less than 4 s after the restart.
    expect(fired.triggered_at - p.started_at).toBeGreaterThanOrEqual(4000);
    expect(fired.triggered_at).toBeLessThan(readyAt + 1000);
    const detail = await get<AlertDetail>(`${s.url}/alerts/${a.id}`);
    expect(detail.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['null->firing', 'firing->acknowledged']);
    expect(detail.data.lines.map((l) => l.message)).toEqual(['ackme 1']);
  } finally {
    await s.close();
  }
});

test('kill -9 of a station process: firing, acknowledged and pending state survive', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
  let ids: { pending: number; acked: number; firing: number; pendingRule: number };
  try {
    const pr = await post<AlertRule>(`${st.url}/alerts/rules`, rule('K pending', 'kpend', { for: '3s' }), 201);
    const ar = await post<AlertRule>(`${st.url}/alerts/rules`, rule('K acked', 'kack'), 201);
    const fr = await post<AlertRule>(`${st.url}/alerts/rules`, rule('K firing', 'kfire'), 201);
    await post(`${st.url}/logs`, [{ message: 'kpend' }, { message: 'kack' }, { message: 'kfire' }], 202);
    const p = await until(async () => (await alertsOf(st.url, pr.id)).find((x) => x.status === 'pending'));
    const a = await until(async () => (await alertsOf(st.url, ar.id)).find((x) => x.status === 'firing'));
    const f = await until(async () => (await alertsOf(st.url, fr.id)).find((x) => x.status === 'firing'));
    await post(`${st.url}/alerts/${a.id}/acknowledge`, { by: 'capcom' });
    ids = { pending: p.id, acked: a.id, firing: f.id, pendingRule: pr.id };
  } finally {
    st.child.kill('SIGKILL');
    expect((await st.exited).signal).toBe('SIGKILL');
  }
  st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
  try {
    const all = (await get<AlertList>(`${st.url}/alerts/active?status=all`)).items;
    const byId = new Map(all.map((x) => [x.id, x] as [number, Alert]));
    expect(byId.get(ids.acked)).toMatchObject({ status: 'acknowledged', acknowledged_by: 'capcom' });
    expect(byId.get(ids.firing)).toMatchObject({ status: 'firing' });
    // The pending alert is the same one; its `for` counted from the stored start fires it on the first evaluation.
    const fired = await until(async () => (await alertsOf(st.url, ids.pendingRule)).find((x) => x.status === 'firing'), 15_000);
    expect(fired.id).toBe(ids.pending);
    expect(all.filter((x) => x.status !== 'resolved')).toHaveLength(3);
  } finally {
    st.child.kill('SIGTERM');
    await st.exited;
  }
});

test('rules: validation names the field; edits are versioned and restorable; actions are audited; backtest replays history', async () => {
  const s = await startTestStation({ core: { alertIntervalMs: 200 } });
  try {
    const bad = async (body: object) => errorBody(await postJson(`${s.url}/alerts/rules`, { ...rule('x', 'y'), ...body }));
    expect((await bad({ window: '5 minutes' })).message).toMatch(/^body\/window|^window/);
    expect((await bad({ kind: 'metric_threshold', condition: 'avg(' })).message).toMatch(/^condition: /);
    expect((await bad({ m_of_n: { m: 4, n: 3 } })).message).toMatch(/^m_of_n\.m: /);
    expect((await bad({ clear_threshold: 5, threshold: 1 })).message).toMatch(/^clear_threshold: /);
    expect((await bad({ kind: 'absence', condition: 'nothing here' })).message).toMatch(/^condition: /);
    expect((await bad({ kind: 'rate_of_change', condition: 'avg(x)' })).message).toMatch(/^condition: /);

    const r = await post<AlertRule>(`${s.url}/alerts/rules`, rule('Valve', 'valve', { threshold: 1 }), 201);
    const v2 = await post<AlertRule>(`${s.url}/alerts/rules/${r.id}`, { ...rule('Valve', 'valve stuck', { threshold: 3 }), by: 'fido' });
    expect(v2).toMatchObject({ version: 2, condition: 'valve stuck', threshold: 3 });
    const versions = await get<RuleVersionList>(`${s.url}/alerts/rules/${r.id}/versions`);
    expect(versions.items.map((v) => [v.version, v.changed_by, v.rule.condition])).toEqual([[2, 'fido', 'valve stuck'], [1, 'flight', 'valve']]);
    const v3 = await post<AlertRule>(`${s.url}/alerts/rules/${r.id}/restore`, { version: 1, by: 'flight' });
    expect(v3).toMatchObject({ version: 3, condition: 'valve', threshold: 1 });
    await post(`${s.url}/alerts/rules/${r.id}/enable`, { enabled: false, by: 'guido' });
    expect((await get<AlertRule>(`${s.url}/alerts/rules/${r.id}`)).is_active).toBe(false);

    // Backtest over lines stored with past timestamps: 3 bursts → 3 firings, each resolved.
    const now = Date.now();
    const lines = [];
    for (const hoursAgo of [30, 20, 10]) for (let i = 0; i < 5; i++) lines.push({ message: `valve burst ${i}`, timestamp: new Date(now - hoursAgo * 3_600_000 + i * 1000).toISOString() });
    await post(`${s.url}/logs`, lines, 202);
    const started = await post<Backtest>(`${s.url}/alerts/backtests`, { rule: rule('Valve bt', 'valve burst', { threshold: 3, window: '10m' }), from: 'now-2d', step: '5m' }, 202);
    const done = await until(async () => {
      const b = await get<Backtest>(`${s.url}/alerts/backtests/${started.id}`);
      return b.state === 'done' ? b : undefined;
    });
    expect(done.fired).toBe(3);
    expect(done.resolved).toBe(3);
    expect(done.points.length).toBe(Math.floor((done.to - done.from) / done.step_ms) + 1);
    const cancelled = await post<Backtest>(`${s.url}/alerts/backtests`, { rule: rule('Valve bt', 'valve burst'), from: 'now-90d', step: '1s' }, 202);
    await post(`${s.url}/alerts/backtests/${cancelled.id}/cancel`, {});
    expect((await until(async () => {
      const b = await get<Backtest>(`${s.url}/alerts/backtests/${cancelled.id}`);
      return b.state !== 'running' ? b : undefined;
    })).state).toBe('cancelled');
    expect((await errorBody(await postJson(`${s.url}/alerts/backtests`, { rule: { ...rule('e', '*'), kind: 'endpoint_down' } }))).message).toMatch(/^rule\.kind: /);

    const audit = await get<AuditList>(`${s.url}/alerts/audit?q=Valve`);
    expect(audit.items.map((e) => [e.action, e.actor])).toEqual([
      ['rule.disable', 'guido'],
      ['rule.restore', 'flight'],
      ['rule.update', 'fido'],
      ['rule.create', 'flight'],
    ]);
    expect((await get<AuditList>(`${s.url}/alerts/audit?actor=fido`)).items).toHaveLength(1);
  } finally {
    await s.close();
  }
});
