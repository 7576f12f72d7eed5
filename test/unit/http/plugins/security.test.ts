import os from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { errorsPlugin } from '../../../../src/http/plugins/errors';
import { hashToken, hostAllowed, securityPlugin, tokenMatches } from '../../../../src/http/plugins/security';

const none = new Set<string>();

describe('hostAllowed', () => {
  const self = os.hostname().toLowerCase();
  it.each<[string | undefined, boolean]>([
    ['localhost', true],
    ['localhost:4318', true],
    ['LOCALHOST:4318', true],
    ['app.localhost', true],
    ['app.localhost:8080', true],
    ['127.0.0.1', true],
    ['127.0.0.1:4318', true],
    ['10.1.2.3:80', true],
    ['[::1]', true],
    ['[::1]:80', true],
    ['[fe80::1]:4318', true],
    ['::1', true],
    [` ${self}:4318 `, true],
    [self.toUpperCase(), true],
    [`${self}.local`, true],
    [`${self}.local:4318`, true],
    ['evil.com', false],
    ['evil.com:4318', false],
    ['localhost.evil.com', false],
    ['evillocalhost', false],
    ['127.0.0.1.nip.io', false],
    ['[evil.com]:80', false],
    ['station.lan', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (host, allowed) => {
    expect(hostAllowed(host, none)).toBe(allowed);
  });

  it('answers to extra names, case-insensitively, with or without a port', () => {
    const extra = new Set(['station.lan', 'ops.example.org']);
    expect(hostAllowed('station.lan', extra)).toBe(true);
    expect(hostAllowed('STATION.LAN:4318', extra)).toBe(true);
    expect(hostAllowed('ops.example.org:443', extra)).toBe(true);
    expect(hostAllowed('other.lan', extra)).toBe(false);
    expect(hostAllowed('sub.station.lan', extra)).toBe(false);
  });
});

describe('hashToken / tokenMatches', () => {
  const token = 'correct-horse-battery-staple';

  it('hashes to the 32-byte sha256 of the UTF-8 text', () => {
    // FIPS 180-2 test vector.
    expect(hashToken('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const h = hashToken(token);
    expect(h).toHaveLength(32);
    expect(hashToken(token).equals(h)).toBe(true);
    expect(hashToken('é').equals(hashToken('e\u0301'))).toBe(false);
  });

  it.each<[string, boolean]>([
    [token, true],
    [`${token} `, false],
    [token.toUpperCase(), false],
    [token.slice(0, -1), false],
    ['', false],
    ['x'.repeat(10_000), false],
  ])('tokenMatches(%j) → %s', (presented, expected) => {
    expect(tokenMatches(presented, hashToken(token))).toBe(expected);
  });
});

describe('securityPlugin', () => {
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
  });

  async function build(tokenHash?: Buffer) {
    app = Fastify();
    errorsPlugin(app);
    securityPlugin(app, { tokenHash, allowedHosts: ['Station.LAN'], isPublic: (r) => r.url === '/health' });
    app.get('/health', async () => ({ ok: true }));
    app.get('/logs', async () => ({ items: [] }));
    await app.ready();
  }

  it.each<[Record<string, string>, number]>([
    [{ host: 'localhost:4318' }, 200],
    [{ host: 'station.lan' }, 200],
    [{ host: 'evil.com' }, 403],
    [{ host: 'localhost:4318', origin: 'http://localhost:4318' }, 200],
    [{ host: 'localhost:4318', origin: 'http://evil.com' }, 403],
    [{ host: 'localhost:4318', origin: 'null' }, 403],
    [{ host: 'localhost:4318', origin: 'not a url' }, 403],
  ])('without a token: %j → %d', async (headers, status) => {
    await build();
    const r = await app.inject({ method: 'GET', url: '/logs', headers });
    expect(r.statusCode).toBe(status);
    if (status === 403) expect(r.json()).toMatchObject({ statusCode: 403, code: 'forbidden' });
  });

  it.each<[string, string | undefined, number]>([
    ['/logs', undefined, 401],
    ['/logs', 'Bearer wrong-token-wrong-token', 401],
    ['/logs', 'Basic abc', 401],
    ['/logs', 'Bearer correct-horse-battery-staple', 200],
    ['/logs', 'bearer   correct-horse-battery-staple', 200],
    ['/health', undefined, 200],
  ])('with a token: GET %s, Authorization %j → %d', async (url, auth, status) => {
    await build(hashToken('correct-horse-battery-staple'));
    const r = await app.inject({ method: 'GET', url, headers: auth ? { authorization: auth } : {} });
    expect(r.statusCode).toBe(status);
  });
});
