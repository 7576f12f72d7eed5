/** The station as a process: start, answer, refuse unsafe binds, and stop gracefully under load. */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { postJson, tempDir } from '../support/station';
import { STATION_ENTRY, spawnStation } from '../support/station-process';

test('npm run station -- --port P --data-dir D answers POST /logs then GET /logs/search', async () => {
  const dataDir = tempDir();
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
  try {
    expect(st.output()).toContain(`data: ${join(dataDir, 'observatory.db')}`);
    const res = await postJson(`${st.url}/logs`, { message: 'hello from a field station', spacecraft_id: 'gs-1' });
    expect(res.status).toBe(202);
    const found = (await (await fetch(`${st.url}/logs/search?q=field+station`)).json()) as { items: { message: string }[] };
    expect(found.items.map((i) => i.message)).toEqual(['hello from a field station']);
    expect((await fetch(`${st.url}/`)).headers.get('content-type')).toMatch(/text\/html/);
  } finally {
    st.child.kill('SIGTERM');
    expect(await st.exited).toEqual({ code: 0, signal: null });
  }
});

test('SIGTERM during load: in-flight requests finish (2xx and stored, or 503), exit within 10 s', async () => {
  const dataDir = tempDir();
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
  let acknowledged = 0;
  const statuses: number[] = [];
  let stop = false;
  const client = async (c: number) => {
    for (let b = 0; !stop; b++) {
      const batch = Array.from({ length: 200 }, (_, i) => JSON.stringify({ message: `c${c} b${b} l${i}` })).join('\n');
      try {
        const res = await fetch(`${st.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: batch });
        statuses.push(res.status);
        if (res.status === 202) acknowledged += ((await res.json()) as { accepted: number }).accepted;
        else await res.arrayBuffer();
      } catch {
        return; // connection refused once the server is gone
      }
    }
  };
  const clients = [0, 1, 2, 3].map(client);
  await new Promise((r) => setTimeout(r, 700));
  const signalledAt = Date.now();
  st.child.kill('SIGTERM');
  const exit = await st.exited;
  stop = true;
  await Promise.all(clients);
  expect(exit.code).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(10_000);
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.every((s) => s === 202 || s === 503)).toBe(true);
  const db = new Database(join(dataDir, 'observatory.db'), { readonly: true });
  const stored = (db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  expect(stored).toBe(acknowledged);
});

test('a non-loopback bind without a token is refused with the reason', () => {
  const r = spawnSync(process.execPath, [STATION_ENTRY, '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir()], { encoding: 'utf8', timeout: 20_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 without an ingest token/);
});

test('a port in use is reported as such', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  try {
    const r = spawnSync(process.execPath, [STATION_ENTRY, '--port', String(port), '--data-dir', tempDir()], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
  } finally {
    blocker.close();
  }
});

test('bad options print usage and exit 2', () => {
  const r = spawnSync(process.execPath, [STATION_ENTRY, '--port', 'eighty'], { encoding: 'utf8', timeout: 20_000 });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--port: "eighty" is not a port number');
  expect(r.stderr).toContain('Usage: observatory station');
});

test('an open event stream (a browser console) does not hold up shutdown', async () => {
  const st = await spawnStation(['--port', '0', '--data-dir', tempDir()]);
  const ctrl = new AbortController();
  const res = await fetch(`${st.url}/api/v1/events`, { signal: ctrl.signal });
  expect(res.status).toBe(200);
  const signalledAt = Date.now();
  st.child.kill('SIGTERM');
  expect(await st.exited).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalledAt).toBeLessThan(3000);
  ctrl.abort();
});
