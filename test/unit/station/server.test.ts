import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, isLoopback, startServer, type ServerOptions } from '../../../src/station/server';

describe('isLoopback', () => {
  it.each<[string, boolean]>([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['[::]', false],
    ['192.168.1.10', false],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['127.0.0.1.nip.io', false],
    ['127.evil.com', false],
    ['localhost.evil.com', false],
    ['my-laptop', false],
    ['', false],
  ])('%j → %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe('startServer', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(os.tmpdir(), 'observatory-unit-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    vi.restoreAllMocks();
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });

  const opts = (o: Partial<ServerOptions>): ServerOptions => ({ port: 0, host: '127.0.0.1', dataDir: tmp(), logLevel: 'silent', ...o });

  it.each<[string, Partial<ServerOptions>, RegExp]>([
    ['all interfaces without a token', { host: '0.0.0.0' }, /Refusing to listen on 0\.0\.0\.0 without an ingest token/],
    ['IPv6 any without a token', { host: '::' }, /Refusing to listen on ::/],
    ['a LAN address without a token', { host: '192.168.1.10' }, /--token/],
    ['an empty token counts as none', { host: '0.0.0.0', token: '' }, /without an ingest token/],
    ['a 15-character token, non-loopback', { host: '0.0.0.0', token: 'x'.repeat(15) }, /at least 16 characters/],
    ['a 15-character token, loopback', { host: '127.0.0.1', token: 'x'.repeat(15) }, /at least 16 characters/],
  ])('refuses %s with a ConfigError and opens no socket', async (_name, o, reason) => {
    const listen = vi.spyOn(net.Server.prototype, 'listen');
    const dir = tmp();
    await expect(startServer(opts({ ...o, dataDir: dir }))).rejects.toThrow(ConfigError);
    await expect(startServer(opts({ ...o, dataDir: dir }))).rejects.toThrow(reason);
    expect(listen).not.toHaveBeenCalled();
  });

  it('gets past the checks with a 16-character token on a non-loopback host', async () => {
    const sentinel = new Error('listen reached');
    vi.spyOn(net.Server.prototype, 'listen').mockImplementation(() => {
      throw sentinel;
    });
    await expect(startServer(opts({ host: '0.0.0.0', token: 'x'.repeat(16) }))).rejects.toBe(sentinel);
  });

  it('listens on loopback without a token, and closes', async () => {
    const listen = vi.spyOn(net.Server.prototype, 'listen');
    const server = await startServer(opts({}));
    try {
      expect(listen).toHaveBeenCalled();
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      await server.ready;
      expect(server.lifecycle.state).toBe('ready');
    } finally {
      await server.close();
    }
    expect(server.lifecycle.state).toBe('closing');
  });
});
