import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Sender, classifyStatus, ingestEndpoint } from '../../../src/forwarder/sender';

/** A network peer we control (not a double of our code): answers each request as told. */
let server: Server | undefined;
async function peer(answer: (req: IncomingMessage, body: Buffer) => { status: number; headers?: Record<string, string>; body?: string }) {
  const seen: { req: IncomingMessage; body: Buffer }[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ req, body });
      const a = answer(req, body);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('classifyStatus', () => {
  it.each([[200, 'stored'], [202, 'stored'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'],
    [400, 'refused'], [401, 'refused'], [403, 'refused'], [404, 'refused'], [413, 'refused'], [415, 'refused'], [301, 'refused']])('%i → %s', (s, kind) => {
    expect(classifyStatus(s)).toBe(kind);
  });
});

describe('ingestEndpoint', () => {
  it.each([
    ['http://h:4318', 'http://h:4318/logs'],
    ['http://h:4318/', 'http://h:4318/logs'],
    ['https://h/station/', 'https://h/station/logs'],
    ['http://h:4318/logs', 'http://h:4318/logs'],
  ])('%s → %s', (url, expected) => {
    expect(ingestEndpoint(url).href).toBe(expected);
  });
});

describe('Sender', () => {
  it('POSTs gzip NDJSON with the batch id as Idempotency-Key and the bearer token', async () => {
    const p = await peer(() => ({ status: 202, body: '{"accepted":2,"rejected":[]}' }));
    const body = gzipSync('{"message":"a"}\n{"message":"b"}\n');
    const out = await new Sender({ url: p.url, token: 'secret-token-123456', timeoutMs: 5000 }).send('batch-1', body);
    expect(out).toEqual({ kind: 'stored', status: 202, accepted: 2, rejected: [], duplicate: false });
    const { req, body: got } = p.seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/logs');
    expect(req.headers).toMatchObject({
      'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', 'idempotency-key': 'batch-1', authorization: 'Bearer secret-token-123456',
    });
    expect(gunzipSync(got).toString()).toBe('{"message":"a"}\n{"message":"b"}\n');
  });

  it('reports a duplicate and per-line refusals from a 2xx', async () => {
    const p = await peer(() => ({ status: 202, body: '{"accepted":1,"rejected":[{"index":1,"error":"bad"}],"duplicate":true}' }));
    expect(await new Sender({ url: p.url, timeoutMs: 5000 }).send('k', gzipSync('x'))).toMatchObject({
      kind: 'stored', duplicate: true, rejected: [{ index: 1, error: 'bad' }],
    });
  });

  it('503 with Retry-After → retry after that long', async () => {
    const p = await peer(() => ({ status: 503, headers: { 'retry-after': '3' }, body: '{"statusCode":503,"code":"unavailable","message":"starting"}' }));
    expect(await new Sender({ url: p.url, timeoutMs: 5000 }).send('k', gzipSync('x'))).toEqual({
      kind: 'retry', status: 503, reason: '503 unavailable: starting', retryAfterMs: 3000,
    });
  });

  it('401 → refused, with the station\'s words', async () => {
    const p = await peer(() => ({ status: 401, body: '{"statusCode":401,"code":"unauthorized","message":"the bearer token is not valid"}' }));
    expect(await new Sender({ url: p.url, timeoutMs: 5000 }).send('k', gzipSync('x'))).toEqual({
      kind: 'refused', status: 401, reason: '401 unauthorized: the bearer token is not valid',
    });
  });

  it('nobody listening → retry (ECONNREFUSED); a hung peer → retry after the timeout', async () => {
    const p = await peer(() => ({ status: 200 }));
    await new Promise((r) => server!.close(r));
    server = undefined;
    expect(await new Sender({ url: p.url, timeoutMs: 5000 }).send('k', gzipSync('x'))).toMatchObject({ kind: 'retry', reason: 'ECONNREFUSED' });

    server = createServer(() => undefined); // never answers
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await new Sender({ url, timeoutMs: 200 }).send('k', gzipSync('x'))).toMatchObject({ kind: 'retry', reason: 'timed out' });
    server.closeAllConnections();
  });
});
