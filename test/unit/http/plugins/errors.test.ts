import Fastify, { type InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorsPlugin, humanise, toApiError } from '../../../../src/http/plugins/errors';
import { ApiError } from '../../../../src/shared/api/errors';

const sqlite = (code: string) => Object.assign(new Error(`${code}: something`), { code });

/** Capture the error a real Fastify raises for a request, before any handler maps it. */
async function fastifyError(request: InjectOptions): Promise<unknown> {
  const app = Fastify({ bodyLimit: 64 });
  let captured: unknown;
  app.setErrorHandler((err, _req, reply) => {
    captured = err;
    return reply.code(500).send();
  });
  app.post(
    '/rules',
    { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }, querystring: { type: 'object', properties: { n: { type: 'integer' } } } } },
    async () => ({ ok: true }),
  );
  await app.inject(request);
  await app.close();
  return captured;
}

describe('toApiError', () => {
  it('passes an ApiError through unchanged', () => {
    const e = new ApiError('conflict', 'rule name taken');
    expect(toApiError(e)).toEqual({ error: e, unexpected: false });
    expect(toApiError(e).error).toBe(e);
  });

  it.each<[string, number]>([
    ['SQLITE_FULL', 30],
    ['SQLITE_BUSY', 1],
    ['SQLITE_BUSY_SNAPSHOT', 1],
    ['SQLITE_LOCKED', 1],
    ['SQLITE_IOERR_WRITE', 10],
    ['SQLITE_READONLY', 5],
    ['SQLITE_CANTOPEN', 5],
  ])('%s → unavailable, Retry-After %d', (code, retryAfter) => {
    const { error, unexpected } = toApiError(sqlite(code));
    expect(error.code).toBe('unavailable');
    expect(error.status).toBe(503);
    expect(error.retryAfter).toBe(retryAfter);
    expect(error.message).not.toContain('something');
    expect(unexpected).toBe(false);
  });

  // A bad statement or a constraint violation is our bug: not "503, retry later" (clients would
  // retry a request that can never succeed, and it would not be logged as unexpected).
  it.each(['SQLITE_ERROR', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_MISMATCH', 'SQLITE_RANGE'])('%s (a bug, not storage trouble) → internal, unexpected', (code) => {
    expect(toApiError(sqlite(code))).toMatchObject({ error: { code: 'internal', message: 'internal error' }, unexpected: true });
  });

  it('a real body validation error → bad_request naming the body', async () => {
    const err = await fastifyError({ method: 'POST', url: '/rules', payload: { nme: 'x' } });
    const { error, unexpected } = toApiError(err);
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^body.*name/);
    expect(unexpected).toBe(false);
  });

  it('a real querystring validation error → bad_request naming the querystring', async () => {
    const err = await fastifyError({ method: 'POST', url: '/rules?n=abc', payload: { name: 'x' } });
    expect(toApiError(err).error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^querystring/) });
  });

  it('prefixes the validation context when the message lacks it', () => {
    const err = Object.assign(new Error('must have required property x'), { validation: [{}], validationContext: 'body' });
    expect(toApiError(err).error.message).toBe('body: must have required property x');
    const noContext = Object.assign(new Error('bad'), { validation: [{}] });
    expect(toApiError(noContext).error.message).toBe('input: bad');
  });

  it('a real 413 keeps its status and message', async () => {
    const err = await fastifyError({ method: 'POST', url: '/rules', payload: { name: 'x'.repeat(500) } });
    expect(toApiError(err)).toMatchObject({ error: { code: 'payload_too_large', status: 413 }, unexpected: false });
    expect(toApiError(err).error.message).toBe((err as Error).message);
  });

  it('a real 415 keeps its status', async () => {
    const err = await fastifyError({ method: 'POST', url: '/rules', payload: 'x', headers: { 'content-type': 'application/x-nope' } });
    expect(toApiError(err)).toMatchObject({ error: { code: 'unsupported_media_type', status: 415 }, unexpected: false });
  });

  it.each<[number, string]>([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [404, 'not_found'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [429, 'too_many_requests'],
    [418, 'bad_request'],
  ])('statusCode %d → %s', (statusCode, code) => {
    const { error, unexpected } = toApiError(Object.assign(new Error('m'), { statusCode }));
    expect(error.code).toBe(code);
    expect(error.message).toBe('m');
    expect(unexpected).toBe(false);
  });

  it('a 4xx without a message says its code', () => {
    expect(toApiError(Object.assign(new Error(''), { statusCode: 404 })).error.message).toBe('not_found');
  });

  it('a 503 → unavailable with Retry-After 5', () => {
    expect(toApiError(Object.assign(new Error('down'), { statusCode: 503 })).error).toMatchObject({ code: 'unavailable', retryAfter: 5 });
  });

  it.each<[string, unknown]>([
    ['a plain Error', new Error('SELECT secret FROM keys')],
    ['a 500', Object.assign(new Error('x'), { statusCode: 500 })],
    ['a 502', Object.assign(new Error('x'), { statusCode: 502 })],
    ['a string', 'boom'],
    ['a non-SQLite code', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
  ])('%s → internal, "internal error", unexpected', (_name, err) => {
    expect(toApiError(err)).toMatchObject({ error: { code: 'internal', message: 'internal error' }, unexpected: true });
  });

  // `throw null` reaches the error handler as null: reading .code of it would crash the handler.
  it.each([null, undefined])('%j → internal, unexpected (does not throw)', (err) => {
    expect(toApiError(err)).toMatchObject({ error: { code: 'internal' }, unexpected: true });
  });
});

describe('humanise', () => {
  it.each<[string, string]>([
    ['body/for must match pattern "^[0-9]{1,9}(ms|s|m|h|d)$"', 'body/for must be a duration such as 30s, 5m, 2h or 1d'],
    ['body/endpoint_url must match pattern "^(https?://[^\\s]+|tcp://[^\\s/]+:[0-9]{1,5})$"', 'body/endpoint_url must be an http(s):// URL or tcp://host:port'],
    ['body/x must match pattern "^[a-z]+$"', 'body/x must match pattern "^[a-z]+$"'],
    ['querystring/limit must be integer', 'querystring/limit must be integer'],
  ])('%j → %j', (message, expected) => {
    expect(humanise(message)).toBe(expected);
  });
});

describe('errorsPlugin', () => {
  it('answers every failure with {statusCode, code, message} and Retry-After when known', async () => {
    const app = Fastify();
    errorsPlugin(app);
    app.get('/busy', async () => {
      throw sqlite('SQLITE_BUSY');
    });
    app.get('/bug', async () => {
      throw new Error('SELECT password FROM users');
    });
    const busy = await app.inject({ method: 'GET', url: '/busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toEqual({ statusCode: 503, code: 'unavailable', message: expect.any(String) });
    const bug = await app.inject({ method: 'GET', url: '/bug' });
    expect(bug.json()).toEqual({ statusCode: 500, code: 'internal', message: 'internal error' });
    expect(bug.body).not.toContain('password');
    const missing = await app.inject({ method: 'GET', url: '/nope?secret=1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ statusCode: 404, code: 'not_found', message: 'no route GET /nope' });
    await app.close();
  });
});
