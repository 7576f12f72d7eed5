import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestBatch, SubmitOptions } from '../../../src/core/ingest/index';
import { ApiError } from '../../../src/shared/api/errors';
import { startSyslog, type SyslogListener, type SyslogOptions } from '../../../src/syslog/server';

/** An ingest double: records what it is given; `gate` lets a test hold or fail commits. */
function fakeIngest() {
  const got: { message: string; protocol: string; level: string }[] = [];
  const state = {
    got,
    submits: 0,
    gate: null as Promise<void> | null,
    fail: 0,
    ingest: {
      async submit(batch: IngestBatch, opts: SubmitOptions) {
        state.submits++;
        if (state.gate) await state.gate;
        if (state.fail > 0) {
          state.fail--;
          throw new ApiError('unavailable', 'storage is busy; the batch was not stored, retry shortly', 1);
        }
        for (const l of batch.logs) got.push({ message: l.message, protocol: opts.protocol, level: l.level });
        return { accepted: batch.logs.length, rejected: [] };
      },
    },
  };
  return state;
}

const listeners: SyslogListener[] = [];
const clients: net.Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

async function listen(ingest: SyslogOptions['ingest'], opts: Partial<SyslogOptions> = {}) {
  const l = await startSyslog({ host: '127.0.0.1', port: 0, ingest, ...opts });
  listeners.push(l);
  return l;
}

async function connect(port: number): Promise<net.Socket> {
  const s = net.connect(port, '127.0.0.1');
  clients.push(s);
  await new Promise((resolve, reject) => {
    s.once('connect', resolve);
    s.once('error', reject);
  });
  return s;
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function sendUdp(port: number, texts: string[]): Promise<void> {
  const s = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    let left = texts.length;
    for (const t of texts) {
      s.send(Buffer.from(t), port, '127.0.0.1', (e) => {
        if (e) reject(e);
        if (--left === 0) {
          s.close();
          resolve();
        }
      });
    }
  });
}

describe('startSyslog', () => {
  it('binds UDP and TCP on free ports and hands lines to ingest with their protocol', async () => {
    const f = fakeIngest();
    const l = await listen(f.ingest);
    expect(l.udpPort).toBeGreaterThan(0);
    expect(l.tcpPort).toBeGreaterThan(0);
    await sendUdp(l.udpPort, ['<11>1 - h nav - - - over udp', '45 <12>Nov 23 02:03:30 vm nav: octet-counted udp']);
    const c = await connect(l.tcpPort);
    c.write('<12>Nov 23 02:03:30 vm nav: over tcp\n19 <14>1 - - - - - - x');
    await until(() => f.got.length === 4, 'four lines');
    expect(f.got).toEqual(expect.arrayContaining([
      { message: 'over udp', protocol: 'syslog-udp', level: 'ERROR' },
      { message: 'octet-counted udp', protocol: 'syslog-udp', level: 'WARN' },
      { message: 'over tcp', protocol: 'syslog-tcp', level: 'WARN' },
      { message: 'x', protocol: 'syslog-tcp', level: 'INFO' },
    ]));
    expect(l.stats()).toMatchObject({ udpDatagrams: 2, tcpConnections: 1, tcpFrames: 2, stored: 4, malformed: 0, pending: 0 });
  });

  it('a bad frame is stored marked and counted; the connection stays usable', async () => {
    const f = fakeIngest();
    const l = await listen(f.ingest);
    const c = await connect(l.tcpPort);
    c.write('garbage\n<999>bad pri\n   \n<13>fine\n');
    await until(() => f.got.length === 3, 'three lines');
    expect(f.got.map((g) => g.message)).toEqual(['garbage', '<999>bad pri', 'fine']);
    expect(l.stats()).toMatchObject({ malformed: 2, empty: 1, tcpOpen: 1 });
  });

  it('an oversize frame is cut and counted', async () => {
    const f = fakeIngest();
    const l = await listen(f.ingest, { maxFrameBytes: 1000 });
    const c = await connect(l.tcpPort);
    c.write(`<13>${'a'.repeat(5000)}\n<13>after\n`);
    await until(() => f.got.length === 2, 'two lines');
    expect(f.got[0]!.message).toHaveLength(996);
    expect(f.got[1]!.message).toBe('after');
    expect(l.stats().oversize).toBe(1);
  });

  it('TCP back-pressure: the socket is paused while too many lines are pending, nothing is lost', async () => {
    const f = fakeIngest();
    let open!: () => void;
    f.gate = new Promise((r) => (open = r));
    const l = await listen(f.ingest, { tcpHighWater: 100, maxBatch: 50 });
    const c = await connect(l.tcpPort);
    // 50k lines of 200 bytes: 10 MB, more than the kernel's socket buffers hold.
    const total = 50_000;
    let written = 0;
    const pad = 'p'.repeat(160);
    const lines = Array.from({ length: total }, (_, i) => `<13>1 - - - - - - ${pad} ${String(i).padStart(10, '0')}\n`);
    // The documented bound: the high-water mark plus what one socket read (≤ 64 KiB) can hold.
    const bound = 100 + Math.ceil(65_536 / Buffer.byteLength(lines[0]!));
    const writeAll = (async () => {
      for (const s of lines) {
        if (!c.write(s)) await new Promise((r) => c.once('drain', r));
        written++;
      }
    })();
    await until(() => l.stats().tcpPauses === 1, 'the pause');
    await new Promise((r) => setTimeout(r, 300));
    // While paused: pending stays near the high-water mark, and the writer is held back.
    expect(l.stats().pending).toBeLessThanOrEqual(bound);
    expect(written).toBeLessThan(total);
    open();
    f.gate = null;
    await writeAll;
    await until(() => f.got.length === total, `${total} lines`, 15_000);
    expect(new Set(f.got.map((g) => g.message)).size).toBe(total);
    expect(l.stats().maxPendingTcp).toBeLessThanOrEqual(bound);
  });

  it('TCP: a 503 is retried while the connection stays paused; every line arrives once', async () => {
    const f = fakeIngest();
    f.fail = 3;
    const l = await listen(f.ingest, { retry: { firstDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: 5000 } });
    const c = await connect(l.tcpPort);
    for (let i = 0; i < 50; i++) c.write(`<13>1 - - - - - - n${i}\n`);
    await until(() => f.got.length === 50, '50 lines');
    expect(f.got.map((g) => g.message)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`));
    expect(l.stats()).toMatchObject({ storageRetries: 3, dropped: 0 });
  });

  it('TCP: when the store stays unavailable past the budget, the batch is counted as dropped and the connection closed', async () => {
    const f = fakeIngest();
    f.fail = Number.POSITIVE_INFINITY;
    const l = await listen(f.ingest, { retry: { firstDelayMs: 10, maxDelayMs: 10, giveUpAfterMs: 50 } });
    const c = await connect(l.tcpPort);
    const closed = new Promise((r) => c.once('close', r));
    c.write('<13>1 - - - - - - doomed\n');
    await closed;
    expect(l.stats()).toMatchObject({ dropped: 1, stored: 0 });
  });

  it('UDP: datagrams beyond the pending bound are dropped and counted, never silently', async () => {
    const f = fakeIngest();
    let open!: () => void;
    f.gate = new Promise((r) => (open = r));
    const l = await listen(f.ingest, { udpMaxPending: 10 });
    await sendUdp(l.udpPort, Array.from({ length: 30 }, (_, i) => `<13>u${i}`));
    await until(() => l.stats().udpDatagrams === 30, '30 datagrams');
    expect(l.stats()).toMatchObject({ udpDropped: 20, pending: 10, maxPendingUdp: 10 });
    open();
    f.gate = null;
    await until(() => f.got.length === 10, '10 lines');
  });

  it('close() stops accepting, commits what was read, and closes the sockets', async () => {
    const f = fakeIngest();
    let open!: () => void;
    f.gate = new Promise((r) => (open = r));
    const l = await startSyslog({ host: '127.0.0.1', port: 0, ingest: f.ingest });
    const c = await connect(l.tcpPort);
    const clientClosed = new Promise((r) => c.once('close', r));
    c.write('<13>one\n<13>two\n');
    await until(() => l.stats().pending === 2, 'two pending');
    const closing = l.close();
    setTimeout(() => open(), 50);
    await closing;
    expect(f.got.map((g) => g.message)).toEqual(['one', 'two']);
    await clientClosed;
    await expect(connect(l.tcpPort)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a port in use is an error with its code, and nothing is left listening', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startSyslog({ host: '127.0.0.1', port, ingest: fakeIngest().ingest })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      blocker.close();
    }
  });
});
