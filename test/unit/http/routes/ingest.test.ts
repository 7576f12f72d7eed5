import { gzipSync, deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../../src/core/core';
import type { ParsedBatch } from '../../../../src/core/ingest/formats/json-lines';
import { buildHttp, Lifecycle } from '../../../../src/http/index';

let app: FastifyInstance;
let lifecycle: Lifecycle;
let received: { kind: 'logs' | 'metrics'; batch: ParsedBatch }[];

beforeEach(async () => {
  received = [];
  const answer = (kind: 'logs' | 'metrics') =>
    vi.fn(async (batch: ParsedBatch) => {
      received.push({ kind, batch });
      return { accepted: batch.items.length - batch.errors.length, rejected: batch.errors };
    });
  lifecycle = new Lifecycle();
  lifecycle.ready({ ingest: { admit: () => undefined, logs: answer('logs'), metrics: answer('metrics') } } as unknown as Core);
  app = await buildHttp({ lifecycle, bodyLimit: 4096, maxDecompressedBytes: 8192 });
});
afterEach(async () => {
  await app.close();
});

const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

describe('POST /logs and /metrics', () => {
  it.each<[string, string, string, unknown[]]>([
    ['/logs', 'application/json', '{"message":"a"}', [{ message: 'a' }]],
    ['/logs', 'application/json; charset=utf-8', '[{"message":"a"},{"message":"b"}]', [{ message: 'a' }, { message: 'b' }]],
    ['/logs', 'application/x-ndjson', '{"message":"a"}\n{"message":"b"}\n', [{ message: 'a' }, { message: 'b' }]],
    ['/logs', 'Application/JSONL', '{"message":"a"}', [{ message: 'a' }]],
    ['/metrics', 'application/json', '{"name":"cpu","value":1}', [{ name: 'cpu', value: 1 }]],
  ])('%s as %s → 202, parsed by its format', async (url, type, body, items) => {
    const r = await post(url, body, { 'content-type': type });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ accepted: items.length, rejected: [] });
    expect(received).toEqual([{ kind: url.slice(1), batch: { items, errors: [] } }]);
  });

  it('reports NDJSON lines that do not parse, with 202', async () => {
    const r = await post('/logs', '{"message":"a"}\nnope\n', { 'content-type': 'application/x-ndjson' });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ accepted: 1, rejected: [{ index: 1, error: expect.stringMatching(/^invalid JSON/) }] });
  });

  it.each<[string, (b: Buffer) => Buffer]>([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['GZIP ', gzipSync],
  ])('inflates Content-Encoding %j', async (encoding, compress) => {
    const r = await post('/logs', compress(Buffer.from('{"message":"zipped"}')), { 'content-encoding': encoding });
    expect(r.statusCode).toBe(202);
    expect(received[0]!.batch.items).toEqual([{ message: 'zipped' }]);
  });

  it.each<[string, string | Buffer, Record<string, string>, number, RegExp]>([
    ['a gzip bomb', gzipSync(Buffer.from(`{"message":"${'x'.repeat(100_000)}"}`)), { 'content-encoding': 'gzip' }, 413, /once decompressed/],
    ['a body over the limit', `{"message":"${'x'.repeat(5000)}"}`, {}, 413, /./],
    ['corrupt gzip', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }, 400, /^body: not valid gzip data/],
    ['an unknown encoding', '{}', { 'content-encoding': 'br' }, 415, /Content-Encoding "br" is not supported/],
    ['text/plain', 'hello', { 'content-type': 'text/plain' }, 415, /./],
    ['an empty body', '', {}, 400, /^body: empty/],
    ['__proto__', '{"__proto__":{"x":1}}', {}, 400, /forbidden key/],
  ])('%s → %d', async (_name, body, headers, status, message) => {
    const r = await post('/logs', body, headers);
    expect(r.statusCode).toBe(status);
    expect(r.json()).toMatchObject({ statusCode: status, message: expect.stringMatching(message) });
    expect(received).toEqual([]);
  });

  it.each<[string, () => void, number]>([
    ['starting', () => undefined, 1],
    ['failed', () => lifecycle.fail('disk gone'), 30],
    ['closing', () => lifecycle.closing(), 5],
  ])('while %s → 503 with Retry-After %d', async (_name, enter, retryAfter) => {
    const fresh = new Lifecycle();
    const other = await buildHttp({ lifecycle: fresh });
    lifecycle = fresh;
    enter();
    try {
      const r = await other.inject({ method: 'POST', url: '/logs', payload: '{"message":"a"}', headers: { 'content-type': 'application/json' } });
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBe(String(retryAfter));
      expect(r.json()).toMatchObject({ code: 'unavailable' });
    } finally {
      await other.close();
    }
  });
});
