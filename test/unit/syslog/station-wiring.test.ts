/** How the station turns syslog on and off: options, environment, and the running server's ports. */
import { mkdtempSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SYSLOG_PORT, parseStationArgs, USAGE, UsageError } from '../../../src/station/options';
import { ConfigError, startServer, type ServerOptions } from '../../../src/station/server';

function parse(argv: string[], env: NodeJS.ProcessEnv = {}): ServerOptions {
  const r = parseStationArgs(argv, env);
  if (r === 'help') throw new Error('unexpected help');
  return r;
}

describe('--syslog-port / --syslog-timezone', () => {
  it('defaults to 5514 and UTC', () => {
    expect(DEFAULT_SYSLOG_PORT).toBe(5514);
    expect(parse([])).toMatchObject({ syslogPort: 5514, syslogTimeZone: 'UTC' });
  });

  it.each<[string[], NodeJS.ProcessEnv, Partial<ServerOptions>]>([
    [['--syslog-port', '0'], {}, { syslogPort: 0 }],
    [['--syslog-port=6514'], {}, { syslogPort: 6514 }],
    [['--syslog-port', 'off'], {}, { syslogPort: null }],
    [['--syslog-port', 'OFF'], {}, { syslogPort: null }],
    [[], { OBSERVATORY_SYSLOG_PORT: '1514' }, { syslogPort: 1514 }],
    [[], { OBSERVATORY_SYSLOG_PORT: 'off' }, { syslogPort: null }],
    [[], { OBSERVATORY_SYSLOG_PORT: '' }, { syslogPort: 5514 }],
    [['--syslog-port', '7514'], { OBSERVATORY_SYSLOG_PORT: 'off' }, { syslogPort: 7514 }],
    [['--syslog-timezone', 'Europe/Berlin'], {}, { syslogTimeZone: 'Europe/Berlin' }],
    [['--syslog-timezone', '+02:00'], {}, { syslogTimeZone: '+02:00' }],
    [[], { OBSERVATORY_SYSLOG_TIMEZONE: 'local' }, { syslogTimeZone: 'local' }],
  ])('%j with %j', (argv, env, expected) => {
    expect(parse(argv, env)).toMatchObject(expected);
  });

  it.each<[string[], NodeJS.ProcessEnv, RegExp]>([
    [['--syslog-port', 'syslog'], {}, /^--syslog-port: "syslog" is not a port number \(0-65535\) or off/],
    [['--syslog-port', '65536'], {}, /^--syslog-port: "65536"/],
    [['--syslog-port=-1'], {}, /^--syslog-port: "-1"/],
    [[], { OBSERVATORY_SYSLOG_PORT: 'x' }, /^--syslog-port: "x"/],
    [['--syslog-timezone', 'Mars/Olympus'], {}, /^--syslog-timezone: "Mars\/Olympus" is not a zone/],
  ])('refuses %j %j', (argv, env, message) => {
    expect(() => parse(argv, env)).toThrow(UsageError);
    expect(() => parse(argv, env)).toThrow(message);
  });

  it('USAGE documents both flags and their environment variables', () => {
    expect(USAGE).toMatch(/--syslog-port <n\|off>.*default 5514/s);
    expect(USAGE).toContain('--syslog-timezone');
    expect(USAGE).toContain('OBSERVATORY_SYSLOG_PORT');
    expect(USAGE).toContain('OBSERVATORY_SYSLOG_TIMEZONE');
  });
});

describe('startServer with syslog', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(os.tmpdir(), 'observatory-unit-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });
  const opts = (o: Partial<ServerOptions>): ServerOptions => ({ port: 0, host: '127.0.0.1', dataDir: tmp(), logLevel: 'silent', ...o });

  it('off when syslogPort is absent or null (the CLI supplies the 5514 default)', async () => {
    for (const syslogPort of [undefined, null]) {
      const server = await startServer(opts({ syslogPort }));
      try {
        await server.ready;
        expect(server.syslog).toBeNull();
      } finally {
        await server.close();
      }
    }
  });

  it('port 0: bound once the core is ready, ports exposed, closed with the server', async () => {
    const server = await startServer(opts({ syslogPort: 0 }));
    expect(server.syslog).toBeNull(); // not before the core is open
    const core = await server.ready;
    const { udpPort, tcpPort } = server.syslog!;
    expect(udpPort).toBeGreaterThan(0);
    expect(tcpPort).toBeGreaterThan(0);
    const s = net.connect(tcpPort, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    s.end('<13>1 - - wiring - - - over the station\n');
    const u = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => u.send('<13>1 - - wiring - - - udp too', udpPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    u.close();
    const deadline = Date.now() + 5000;
    while (server.syslog!.stats().stored < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((core.db.prepare("SELECT count(*) AS n FROM log_entries WHERE service = 'wiring'").get() as { n: number }).n).toBe(2);
    await server.close();
    await expect(new Promise((resolve, reject) => net.connect(tcpPort, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a syslog port in use fails ready with a message naming the flag, and leaves nothing open', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const server = await startServer(opts({ syslogPort: port }));
    try {
      await expect(server.ready).rejects.toThrow(`syslog port ${port} on 127.0.0.1 is in use; choose another with --syslog-port`);
      expect(server.lifecycle.state).toBe('failed');
    } finally {
      await server.close();
      blocker.close();
    }
  });

  it('an unknown time zone is a ConfigError before anything listens', async () => {
    await expect(startServer(opts({ syslogPort: 0, syslogTimeZone: 'Nowhere/Atlantis' }))).rejects.toThrow(ConfigError);
  });
});
