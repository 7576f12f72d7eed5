/**
 * A real rsyslogd relaying to the station: the test runs rsyslogd in the foreground (no system
 * sockets, no privileges: as `nobody` when the test runs as root), feeds it over its own imtcp
 * inputs on ephemeral ports, and rsyslog forwards each input with omfwd over TCP (octet-counted
 * and traditional LF framing) and UDP, in RFC 5424 (RSYSLOG_SyslogProtocol23Format) and BSD
 * (RSYSLOG_ForwardFormat) form. What the station stores must equal what was sent, to the
 * precision each format carries. Skipped, saying why, where rsyslogd is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestStation, tempDir, type TestStation } from '../support/station';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const hasRsyslog = existsSync(RSYSLOGD);
const skipReason = hasRsyslog ? '' : ` (skipped: ${RSYSLOGD} is not installed; npm test installs it from Debian's rsyslog)`;

interface Route {
  name: string;
  protocol: 'tcp' | 'udp';
  framing?: 'octet-counted' | 'traditional';
  template: 'RSYSLOG_SyslogProtocol23Format' | 'RSYSLOG_ForwardFormat';
}

const ROUTES: Route[] = [
  { name: 'tcp-octet-5424', protocol: 'tcp', framing: 'octet-counted', template: 'RSYSLOG_SyslogProtocol23Format' },
  { name: 'tcp-lf-5424', protocol: 'tcp', framing: 'traditional', template: 'RSYSLOG_SyslogProtocol23Format' },
  { name: 'tcp-octet-bsd', protocol: 'tcp', framing: 'octet-counted', template: 'RSYSLOG_ForwardFormat' },
  { name: 'tcp-lf-bsd', protocol: 'tcp', framing: 'traditional', template: 'RSYSLOG_ForwardFormat' },
  { name: 'udp-5424', protocol: 'udp', template: 'RSYSLOG_SyslogProtocol23Format' },
  { name: 'udp-bsd', protocol: 'udp', template: 'RSYSLOG_ForwardFormat' },
];

const LEVELS = ['CRITICAL', 'CRITICAL', 'CRITICAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];
const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC5424_LINES = 24;
const BSD_LINES = 6;

interface Sent {
  text: string;
  message: string;
  level: string;
  severity: string;
  service: string;
  source: string;
  timestamp: number;
  procid: string;
  msgid?: string;
  sd?: Record<string, Record<string, string>>;
  origin: '5424' | 'bsd';
}

/** What the test feeds rsyslog on one route: RFC 5424 lines (with SD, escapes, a BOM) and BSD lines. */
function linesFor(route: string, base: number): Sent[] {
  const out: Sent[] = [];
  for (let k = 0; k < RFC5424_LINES; k++) {
    const sev = k % 8;
    const timestamp = base + k * 1111;
    const sd = k % 2 === 0 ? { 'obs@32473': { spacecraft: `sc-${k}`, note: 'q"uote ] back\\slash' } } : undefined;
    const sdText = sd ? `[obs@32473 spacecraft="sc-${k}" note="q\\"uote \\] back\\\\slash"]` : '-';
    const message = `${route} line ${k} wärme`;
    const bom = k === 3 ? '\uFEFF' : '';
    out.push({
      text: `<${20 * 8 + sev}>1 ${new Date(timestamp).toISOString()} gs-${k % 3} app${k % 4} ${1000 + k} M${k} ${sdText} ${bom}${message}`,
      message, level: LEVELS[sev]!, severity: SEVERITIES[sev]!, service: `app${k % 4}`, source: `gs-${k % 3}`, timestamp, procid: String(1000 + k), msgid: `M${k}`, sd, origin: '5424',
    });
  }
  for (let j = 0; j < BSD_LINES; j++) {
    // Whole seconds, an hour ago: BSD stamps have neither fractions nor a year nor a zone (rsyslogd runs with TZ=UTC).
    const timestamp = Math.floor(base / 1000) * 1000 + j * 1000;
    const d = new Date(timestamp);
    const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
    const sev = (j * 3) % 8;
    const message = `${route} bsd ${j}`;
    out.push({ text: `<${3 * 8 + sev}>${stamp} gs-bsd comms[${77 + j}]: ${message}`, message, level: LEVELS[sev]!, severity: SEVERITIES[sev]!, service: 'comms', source: 'gs-bsd', timestamp, procid: String(77 + j), origin: 'bsd' });
  }
  return out;
}

function config(dir: string, ports: { tcp: number; udp: number }): string {
  const lines = [`global(workDirectory="${dir}" maxMessageSize="64k")`, 'module(load="imtcp")'];
  for (const r of ROUTES) {
    lines.push(`input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="${join(dir, `${r.name}.port`)}" ruleset="${r.name}")`);
    const framing = r.framing ? ` TCP_Framing="${r.framing}"` : '';
    lines.push(`ruleset(name="${r.name}") { action(type="omfwd" target="127.0.0.1" port="${r.protocol === 'tcp' ? ports.tcp : ports.udp}" protocol="${r.protocol}"${framing} template="${r.template}") }`);
  }
  return `${lines.join('\n')}\n`;
}

async function until(cond: () => boolean, what: string, ms: number, output: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function sendTcp(port: number, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    s.on('error', reject);
    s.on('close', () => resolve());
  });
}

interface Row {
  timestamp: number;
  level: string;
  service: string | null;
  source: string | null;
  message: string;
  metadata: Record<string, unknown>;
}

describe.skipIf(!hasRsyslog)(`rsyslogd (omfwd) → syslog → store${skipReason}`, () => {
  let st: TestStation;
  let rsyslog: ChildProcess | null = null;
  let dir = '';
  let out = '';
  const sent = new Map<string, Sent[]>();
  let rows = new Map<string, Row>();

  beforeAll(async () => {
    st = await startTestStation({ syslogPort: 0 });
    const { tcpPort, udpPort } = st.server.syslog!;
    dir = tempDir('observatory-rsyslog-');
    writeFileSync(join(dir, 'rsyslog.conf'), config(dir, { tcp: tcpPort, udp: udpPort }));
    // Unprivileged: as root (CI containers), rsyslogd runs as nobody in a directory it may write.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o777);
    rsyslog = spawn(RSYSLOGD, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')], {
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    rsyslog.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    rsyslog.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const portFile = (r: Route) => join(dir, `${r.name}.port`);
    await until(() => ROUTES.every((r) => existsSync(portFile(r)) && readFileSync(portFile(r), 'utf8').trim() !== ''), 'rsyslogd to listen', 10_000, () => out);

    const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000 + 123;
    await Promise.all(ROUTES.map(async (r) => {
      const lines = linesFor(r.name, base);
      sent.set(r.name, lines);
      await sendTcp(Number(readFileSync(portFile(r), 'utf8').trim()), lines.map((l) => `${l.text}\n`).join(''));
    }));
    const expected = ROUTES.length * (RFC5424_LINES + BSD_LINES);
    await until(() => st.server.syslog!.stats().stored >= expected, `${expected} lines`, 15_000, () => `${JSON.stringify(st.server.syslog!.stats())}\n${out}`);
    const all = st.core.db.prepare('SELECT timestamp, level, service, source, message, metadata FROM log_entries').all() as (Omit<Row, 'metadata'> & { metadata: string })[];
    rows = new Map(all.map((r) => [r.message, { ...r, metadata: JSON.parse(r.metadata) as Record<string, unknown> }]));
  }, 40_000);

  afterAll(async () => {
    const child = rsyslog;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    await st?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every line sent arrives exactly once; none is malformed', () => {
    const total = ROUTES.length * (RFC5424_LINES + BSD_LINES);
    expect(rows.size).toBe(total);
    expect(st.core.db.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({ n: total });
    expect(st.server.syslog!.stats()).toMatchObject({ stored: total, malformed: 0, dropped: 0, udpDropped: 0, oversize: 0 });
    expect(st.core.ingest.byProtocol.get('syslog-tcp')?.lines).toBe(4 * (RFC5424_LINES + BSD_LINES));
    expect(st.core.ingest.byProtocol.get('syslog-udp')?.lines).toBe(2 * (RFC5424_LINES + BSD_LINES));
  });

  test.each(ROUTES.map((r) => [r.name, r] as const))('%s: level, service, host, time and metadata equal what was sent', (_name, route) => {
    const as5424 = route.template === 'RSYSLOG_SyslogProtocol23Format';
    for (const s of sent.get(route.name)!) {
      const row = rows.get(s.message);
      expect(row, `${route.name}: "${s.message}" was not stored`).toBeDefined();
      expect({ level: row!.level, service: row!.service, source: row!.source, timestamp: row!.timestamp }, s.message).toEqual({
        level: s.level, service: s.service, source: s.source, timestamp: s.timestamp,
      });
      const meta: Record<string, unknown> = { format: as5424 ? 'rfc5424' : 'rfc3164', facility: s.origin === '5424' ? 'local4' : 'daemon', severity: s.severity, procid: s.procid };
      // Only RFC 5424 on both legs keeps MSGID and structured data; the BSD form has no place for them.
      if (as5424 && s.msgid) meta.msgid = s.msgid;
      if (as5424 && s.sd) meta.sd = s.sd;
      expect(row!.metadata, s.message).toEqual(meta);
    }
  });
});
