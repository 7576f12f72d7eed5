import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ app: {} }));
// The embedded server is the station's; here only the host's own decisions are under test.
vi.mock('../../../src/station/server', () => ({ startServer: vi.fn() }));

import type { Core } from '../../../src/core';
import { startCoreHost } from '../../../src/main/core-host';
import type { RunningServer, ServerOptions } from '../../../src/station/server';

const base = { port: 4318, host: '127.0.0.1', dataDir: '/tmp/d', staticDir: '/app/out/renderer' };
const core = { dbPath: '/tmp/d/observatory.db' } as Core;

function server(opts: ServerOptions, ready: Promise<Core> = Promise.resolve(core)): RunningServer {
  const port = opts.port || 40123;
  return { url: `http://${opts.host}:${port}`, port, host: opts.host, lifecycle: {} as never, ready, close: vi.fn(async () => {}) };
}

const inUse = () => Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

describe('startCoreHost', () => {
  it('passes the data dir, static dir and native binding to the station', async () => {
    const start = vi.fn(async (o: ServerOptions) => server(o));
    const host = await startCoreHost({ ...base, nativeBinding: '/b/better_sqlite3.node' }, start);
    expect(start).toHaveBeenCalledWith({ ...base, nativeBinding: '/b/better_sqlite3.node' });
    await expect(host.ready).resolves.toBe(core);
    expect(host.url).toBe('http://127.0.0.1:4318');
  });

  it('falls back to an ephemeral port when the default is taken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const start = vi.fn(async (o: ServerOptions) => {
      if (o.port === 4318) throw inUse();
      return server(o);
    });
    const host = await startCoreHost(base, start);
    expect(start).toHaveBeenLastCalledWith(expect.objectContaining({ port: 0 }));
    expect(host.port).toBe(40123);
    expect(warn.mock.calls[0]![0]).toMatch(/4318.*taken/);
    warn.mockRestore();
  });

  it('does not hide other listen failures', async () => {
    const start = vi.fn(async () => {
      throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    });
    await expect(startCoreHost(base, start)).rejects.toThrow('permission denied');
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('explains a database that cannot load its native module', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const abi = Promise.reject(new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'));
    const host = await startCoreHost(base, async (o) => server(o, abi));
    await expect(host.ready).rejects.toThrow(/npm run rebuild:electron/);
    error.mockRestore();
  });

  it('closes the server once however often it is asked', async () => {
    let running: RunningServer | undefined;
    const host = await startCoreHost(base, async (o) => (running = server(o)));
    await Promise.all([host.close(), host.close()]);
    expect(running!.close).toHaveBeenCalledTimes(1);
  });
});
