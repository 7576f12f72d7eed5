/** One test per row of the foundation's status-code table, each against a real station. */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorBody, postJson, startTestStation, tempDir, type TestStation } from '../support/station';
import { startServer } from '../../src/station/server';
import type { AppEvent } from '../../src/shared/api/events';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

async function count(): Promise<number> {
  return (s.core.db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n;
}

describe('4xx for bad input, and nothing stored from it', () => {
  test('invalid JSON → 400 naming the body', async () => {
    const before = await count();
    const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message": "x",' });
    expect(res.status).toBe(400);
    const body = await errorBody(res);
    expect(body).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(body.message).toMatch(/^body: invalid JSON/);
    expect(await count()).toBe(before);
  });

  test('schema violation → 400 naming the field', async () => {
    const res = await postJson(`${s.url}/alerts/rules`, { rule_name: 'x', kind: 'log_match', condition: 'x', threshold: 'high', severity: 'critical' });
    expect(res.status).toBe(400);
    expect((await errorBody(res)).message).toMatch(/threshold/);
  });

  test('unknown property → 400 (strict schemas)', async () => {
    const res = await postJson(`${s.url}/alerts/rules`, { rule_name: 'x', kind: 'log_match', condition: 'x', threshold: 1, severity: 'critical', sneaky: 1 });
    expect(res.status).toBe(400);
    expect((await errorBody(res)).message).toMatch(/additional/);
  });

  test('oversize body → 413', async () => {
    const line = JSON.stringify({ message: 'x'.repeat(1000) });
    const body = Array.from({ length: 11_000 }, () => line).join('\n');
    const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    expect(res.status).toBe(413);
    expect((await errorBody(res)).code).toBe('payload_too_large');
  });

  test('gzip that inflates past the limit → 413, not an out-of-memory', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20));
    const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(413);
  });

  test('wrong content type → 415', async () => {
    const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<log/>' });
    expect(res.status).toBe(415);
  });

  test('unsupported content encoding → 415', async () => {
    const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{}' });
    expect(res.status).toBe(415);
  });

  test('__proto__ in a body → 400, nothing polluted', async () => {
    const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"x","__proto__":{"polluted":true}}' });
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('unknown route → 404 with the error shape', async () => {
    const res = await fetch(`${s.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  test('foreign Host header (DNS rebinding) → 403', async () => {
    // fetch() may not set Host; node:http can, as a rebinding browser effectively does.
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${s.url}/api/v1/info`, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('attacker.example')).toBe(403);
    expect(await status('attacker.example:4318')).toBe(403);
    expect(await status('localhost:4318')).toBe(200);
    expect(await status('127.0.0.1')).toBe(200);
  });

  test('foreign Origin → 403; same origin allowed', async () => {
    const bad = await postJson(`${s.url}/logs`, { message: 'x' }, { origin: 'https://evil.example' });
    expect(bad.status).toBe(403);
    const good = await postJson(`${s.url}/logs`, { message: 'same origin ok' }, { origin: s.url });
    expect(good.status).toBe(202);
  });
});

describe('request ids', () => {
  test('the caller\'s X-Request-Id is echoed; otherwise one is made', async () => {
    const mine = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'station-7.batch-42' } });
    expect(mine.headers.get('x-request-id')).toBe('station-7.batch-42');
    const made = await fetch(`${s.url}/nope`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('tokens', () => {
  test('missing or bad token where required → 401; right token → 202; health stays public', async () => {
    const t = await startTestStation({ token: 'correct-horse-battery-staple' });
    try {
      expect((await postJson(`${t.url}/logs`, { message: 'x' })).status).toBe(401);
      expect((await postJson(`${t.url}/logs`, { message: 'x' }, { authorization: 'Bearer wrong-horse-battery-staple' })).status).toBe(401);
      expect((await postJson(`${t.url}/logs`, { message: 'x' }, { authorization: 'Basic Y29ycmVjdA==' })).status).toBe(401);
      expect((await fetch(`${t.url}/logs/search`)).status).toBe(401);
      const ok = await postJson(`${t.url}/logs`, { message: 'x' }, { authorization: 'Bearer correct-horse-battery-staple' });
      expect(ok.status).toBe(202);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('503 + Retry-After for server-side trouble, never 2xx, never 4xx', () => {
  test('not ready yet: 503 until the database is open; readyz says so', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const dataDir = tempDir();
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', beforeOpen: () => gate });
    try {
      const res = await postJson(`${server.url}/logs`, { message: 'too early' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      release();
      await server.ready;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await postJson(`${server.url}/logs`, { message: 'now' })).status).toBe(202);
    } finally {
      release();
      await server.close();
    }
  });

  test('shutting down: 503 + Retry-After', async () => {
    const t = await startTestStation();
    t.server.lifecycle.closing();
    const res = await postJson(`${t.url}/logs`, { message: 'late' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    await t.close();
  });

  test('database busy: 503 + Retry-After, and the line is not half-stored', async () => {
    const t = await startTestStation();
    try {
      await t.core.writer.pragma!('busy_timeout = 50');
      const other = new Database(t.core.dbPath);
      other.prepare('BEGIN IMMEDIATE').run();
      const res = await postJson(`${t.url}/logs`, { message: 'while locked' });
      other.prepare('ROLLBACK').run();
      other.close();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      const retry = await postJson(`${t.url}/logs`, { message: 'while locked' });
      expect(retry.status).toBe(202);
      expect((t.core.db.prepare("SELECT count(*) AS n FROM log_entries WHERE message = 'while locked'").get() as { n: number }).n).toBe(1);
    } finally {
      await t.close();
    }
  });

  test('disk full: 503 + Retry-After, earlier rows kept, an operator-visible alert, resumes when space returns', async () => {
    const t = await startTestStation();
    const events: AppEvent[] = [];
    t.core.events.on((e) => events.push(e));
    try {
      expect((await postJson(`${t.url}/logs`, { message: 'before the disk filled' })).status).toBe(202);
      // The writer has its own connection (its own thread): cap that one, as a full disk would.
      const pages = (await t.core.writer.pragma!('page_count')) as number;
      await t.core.writer.pragma!(`max_page_count = ${pages}`);
      const big = Array.from({ length: 2000 }, (_, i) => ({ message: `filler ${i} ${'x'.repeat(500)}` }));
      const res = await postJson(`${t.url}/logs`, big);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect((await errorBody(res)).message).toMatch(/full/);
      // Operators are told: a live event and the station's status (the console shows a banner).
      const info = (await (await fetch(`${t.url}/api/v1/info`)).json()) as { storage: { full: boolean; since: number } };
      expect(info.storage.full).toBe(true);
      expect(events).toContainEqual(expect.objectContaining({ type: 'station.storage', full: true }));
      await t.core.writer.pragma!('max_page_count = 1073741823');
      expect((await postJson(`${t.url}/logs`, big)).status).toBe(202);
      expect(((await (await fetch(`${t.url}/api/v1/info`)).json()) as { storage: { full: boolean } }).storage.full).toBe(false);
      expect(events.filter((e) => e.type === 'station.storage').map((e) => e.type === 'station.storage' && e.full)).toEqual([true, false]);
      const n = (t.core.db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n;
      expect(n).toBe(2001);
    } finally {
      await t.close();
    }
  });
});

test('malformed input never stops the server and never loses what was stored', async () => {
  const t = await startTestStation();
  try {
    expect((await postJson(`${t.url}/logs`, { message: 'keep me', spacecraft_id: 'sc-1' })).status).toBe(202);
    const bodies = ['', '[', '{"a":', 'null', '[1,2]', '"str"', '{"message":1}', '\u0000\u0001', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]', `{"message":"${'\\ud800'}"}`];
    for (const body of bodies) {
      const res = await fetch(`${t.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, `body ${JSON.stringify(body).slice(0, 40)}`).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const found = (await (await fetch(`${t.url}/logs/search?q=keep`)).json()) as { items: unknown[] };
    expect(found.items).toHaveLength(1);
  } finally {
    await t.close();
  }
});
