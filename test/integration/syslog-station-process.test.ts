/** The built station as operators run it: syslog ports in the ready output, lines in, off when asked, a clean stop. */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { startServer } from '../../src/station/server';
import { tempDir } from '../support/station';
import { STATION_ENTRY, spawnStation } from '../support/station-process';

function syslogPorts(output: string): { udp: number; tcp: number } {
  const m = /OBSERVATORY_SYSLOG udp=(\d+) tcp=(\d+)/.exec(output);
  if (!m) throw new Error(`no OBSERVATORY_SYSLOG line in:\n${output}`);
  return { udp: Number(m[1]), tcp: Number(m[2]) };
}

async function search(url: string, q: string): Promise<{ message: string; level: string; service: string | null; source: string | null }[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const body = (await (await fetch(`${url}/logs/search?q=${encodeURIComponent(q)}`)).json()) as { items: { message: string; level: string; service: string | null; source: string | null }[] };
    if (body.items.length > 0 || Date.now() > deadline) return body.items;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the ready output names the syslog ports; a TCP and a UDP line are searchable; SIGTERM exits 0', async () => {
  const st = await spawnStation(['--port', '0', '--data-dir', tempDir()]);
  try {
    const ports = syslogPorts(st.output());
    expect(st.output()).toMatch(new RegExp(`station ready at .*syslog: udp ${ports.udp}, tcp ${ports.tcp}|syslog: udp\\+tcp ${ports.tcp}`));
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(ports.tcp, '127.0.0.1', () => s.end('<11>1 2026-11-23T10:00:00Z gs-7 nav 1 - - thruster valve stuck\n'));
      s.on('error', reject);
      s.on('close', () => resolve());
    });
    const u = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => u.send('<12>Nov 23 10:00:00 gs-8 comms: antenna drift', ports.udp, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    u.close();
    expect(await search(st.url, 'thruster')).toEqual([expect.objectContaining({ message: 'thruster valve stuck', level: 'ERROR', service: 'nav', source: 'gs-7' })]);
    expect(await search(st.url, 'antenna')).toEqual([expect.objectContaining({ message: 'antenna drift', level: 'WARN', service: 'comms', source: 'gs-8' })]);
  } finally {
    st.child.kill('SIGTERM');
  }
  expect(await st.exited).toEqual({ code: 0, signal: null });
});

test('--syslog-port off: no listener, and the ready line says so', async () => {
  const st = await spawnStation(['--port', '0', '--data-dir', tempDir(), '--syslog-port', 'off']);
  try {
    expect(st.output()).toMatch(/station ready at .*syslog: off/);
    expect(st.output()).not.toContain('OBSERVATORY_SYSLOG');
  } finally {
    st.child.kill('SIGTERM');
  }
  expect(await st.exited).toEqual({ code: 0, signal: null });
});

test('a syslog port in use is reported as such, and the station exits 1', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const r = spawnSync(process.execPath, [STATION_ENTRY, '--port', '0', '--syslog-port', String(port), '--data-dir', tempDir()], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`syslog port ${port} on 127.0.0.1 is in use; choose another with --syslog-port, or turn syslog off with --syslog-port off`);
  } finally {
    blocker.close();
  }
});

test('a bad --syslog-port or --syslog-timezone prints usage and exits 2', () => {
  for (const [flag, value, message] of [
    ['--syslog-port', 'syslog', '--syslog-port: "syslog" is not a port number (0-65535) or off'],
    ['--syslog-timezone', 'Mars/Olympus', '--syslog-timezone: "Mars/Olympus" is not a zone'],
  ] as const) {
    const r = spawnSync(process.execPath, [STATION_ENTRY, flag, value], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('--syslog-port <n|off>');
  }
});

describe('the desktop app shares the machine', () => {
  test('with syslogOptional, a taken syslog port leaves the station running without syslog', async () => {
    const first = await startServer({ port: 0, host: '127.0.0.1', dataDir: tempDir(), logLevel: 'silent', syslogPort: 0 });
    await first.ready;
    const taken = first.syslog!.tcpPort;
    const second = await startServer({ port: 0, host: '127.0.0.1', dataDir: tempDir(), logLevel: 'silent', syslogPort: taken, syslogOptional: true });
    try {
      await second.ready;
      expect(second.syslog).toBeNull();
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      const strict = await startServer({ port: 0, host: '127.0.0.1', dataDir: tempDir(), logLevel: 'silent', syslogPort: taken });
      await expect(strict.ready).rejects.toThrow(/syslog port .* is in use/);
      await strict.close();
    } finally {
      await second.close();
      await first.close();
    }
  });
});
