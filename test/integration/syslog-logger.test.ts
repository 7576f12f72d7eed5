/**
 * util-linux `logger` → the station's syslog listener → the store: RFC 5424 and RFC 3164, over
 * TCP (LF and octet-counted) and UDP. Skipped, saying why, where logger is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestStation, type TestStation } from '../support/station';

const LOGGER = '/usr/bin/logger';
const run = promisify(execFile);
const hasLogger = existsSync(LOGGER);
const skipReason = hasLogger ? '' : ` (skipped: ${LOGGER} is not installed; npm test installs it from Debian's bsdutils)`;

interface Row {
  timestamp: number;
  level: string;
  service: string | null;
  source: string | null;
  message: string;
  metadata: Record<string, unknown>;
}

describe.skipIf(!hasLogger)(`logger (util-linux) → syslog → store${skipReason}`, () => {
  let st: TestStation;
  let before = 0;
  let after = 0;
  let rows = new Map<string, Row>();

  /** Each case: logger's arguments and the line's message (unique, so rows can be found). */
  const cases: Record<string, string[]> = {
    'rfc5424 tcp': ['--rfc5424', '--tcp', '-t', 'nav', '-i', '--msgid', 'TLM1', '--sd-id', 'obs@32473', '--sd-param', 'spacecraft="voyager-1"', '--sd-param', 'note="say \\"hi\\" \\] \\\\ ok"', '-p', 'user.err'],
    'rfc5424 tcp octet-counted': ['--rfc5424', '--tcp', '--octet-count', '-t', 'power', '-p', 'daemon.crit'],
    'rfc5424 udp': ['--rfc5424', '--udp', '-t', 'thermal', '-p', 'local3.debug', '--sd-id', 'obs@32473', '--sd-param', 'zone="aft"'],
    'rfc3164 tcp': ['--rfc3164', '--tcp', '-t', 'comms', '-i', '-p', 'user.warning'],
    'rfc3164 udp': ['--rfc3164', '--udp', '-t', 'attitude', '-p', 'local0.notice'],
    'rfc3164 udp octet-counted': ['--rfc3164', '--udp', '--octet-count', '-t', 'gnc', '-p', 'user.info'],
  };

  beforeAll(async () => {
    st = await startTestStation({ syslogPort: 0 });
    const { udpPort, tcpPort } = st.server.syslog!;
    before = Date.now();
    for (const [name, args] of Object.entries(cases)) {
      const port = args.includes('--udp') ? udpPort : tcpPort;
      // TZ=UTC: BSD stamps carry no zone and the station assumes UTC (its default).
      await run(LOGGER, ['-n', '127.0.0.1', '-P', String(port), ...args, `logger says ${name}`], { timeout: 5000, env: { ...process.env, TZ: 'UTC' } });
    }
    after = Date.now();
    const deadline = Date.now() + 5000;
    while (st.server.syslog!.stats().stored < Object.keys(cases).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const all = st.core.db.prepare('SELECT timestamp, level, service, source, message, metadata FROM log_entries').all() as (Omit<Row, 'metadata'> & { metadata: string })[];
    rows = new Map(all.map((r) => [r.message, { ...r, metadata: JSON.parse(r.metadata) as Record<string, unknown> }]));
  }, 30_000);

  afterAll(async () => {
    await st?.close();
  });

  test('every line arrives once, none malformed', () => {
    expect(rows.size).toBe(Object.keys(cases).length);
    expect(st.server.syslog!.stats()).toMatchObject({ stored: 6, malformed: 0, dropped: 0, udpDropped: 0 });
    expect(st.core.ingest.byProtocol.get('syslog-tcp')?.lines).toBe(3);
    expect(st.core.ingest.byProtocol.get('syslog-udp')?.lines).toBe(3);
  });

  test.each<[string, string, string, string]>([
    ['rfc5424 tcp', 'ERROR', 'nav', 'user'],
    ['rfc5424 tcp octet-counted', 'CRITICAL', 'power', 'daemon'],
    ['rfc5424 udp', 'DEBUG', 'thermal', 'local3'],
    ['rfc3164 tcp', 'WARN', 'comms', 'user'],
    ['rfc3164 udp', 'INFO', 'attitude', 'local0'],
    ['rfc3164 udp octet-counted', 'INFO', 'gnc', 'user'],
  ])('%s: level %s, service %s, facility %s, host and time', (name, level, service, facility) => {
    const row = rows.get(`logger says ${name}`);
    expect(row).toBeDefined();
    expect(row).toMatchObject({ level, service });
    expect(row!.metadata).toMatchObject({ format: name.startsWith('rfc5424') ? 'rfc5424' : 'rfc3164', facility });
    // logger names this machine (RFC 3164 form: up to the first dot).
    expect(row!.source).toBe(name.startsWith('rfc5424') ? os.hostname() : os.hostname().split('.')[0]);
    // RFC 5424 stamps carry microseconds (kept to the ms); RFC 3164 ones whole seconds.
    const floor = name.startsWith('rfc5424') ? before : Math.floor(before / 1000) * 1000;
    expect(row!.timestamp).toBeGreaterThanOrEqual(floor);
    expect(row!.timestamp).toBeLessThanOrEqual(after);
  });

  test('structured data, escapes included, and PROCID/MSGID land in metadata', () => {
    const nav = rows.get('logger says rfc5424 tcp')!;
    expect(nav.metadata.sd).toEqual({
      timeQuality: expect.objectContaining({ tzKnown: '1' }) as unknown,
      'obs@32473': { spacecraft: 'voyager-1', note: 'say "hi" ] \\ ok' },
    });
    expect(nav.metadata).toMatchObject({ msgid: 'TLM1', procid: expect.stringMatching(/^[0-9]+$/) as unknown });
    expect(rows.get('logger says rfc5424 udp')!.metadata.sd).toMatchObject({ 'obs@32473': { zone: 'aft' } });
    expect(rows.get('logger says rfc3164 tcp')!.metadata.procid).toMatch(/^[0-9]+$/);
  });

  test('the lines are searchable over HTTP like any other', async () => {
    const res = await fetch(`${st.url}/logs/search?q=${encodeURIComponent('"logger says"')}&service=nav`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { message: string; level: string }[] };
    expect(body.items).toEqual([expect.objectContaining({ message: 'logger says rfc5424 tcp', level: 'ERROR' })]);
  });
});
