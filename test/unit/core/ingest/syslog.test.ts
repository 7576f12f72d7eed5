import { describe, expect, it } from 'vitest';
import { parseSyslog, type SyslogParseOptions } from '../../../../src/core/ingest/formats/syslog';
import { parseSyslogTimeZone, UTC, type SyslogTimeZone } from '../../../../src/core/ingest/formats/syslog-time';
import type { LogLevel } from '../../../../src/shared/api/schemas/logs';

const RECEIVED = Date.UTC(2026, 10, 23, 12, 0, 0); // 2026-11-23T12:00:00Z

function parse(text: string, opts: Partial<SyslogParseOptions> = {}) {
  const r = parseSyslog(text, { receivedAt: RECEIVED, peer: '192.0.2.50', ...opts });
  const metadata = r.record.metadata === null ? null : (JSON.parse(r.record.metadata) as Record<string, unknown>);
  return { ...r, rec: r.record, metadata };
}

describe('RFC 5424', () => {
  it('RFC 5424 §6.5 example 1: BOM before the message, no PROCID, no SD', () => {
    const r = parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
    expect(r.ok).toBe(true);
    expect(r.rec).toMatchObject({
      timestamp: Date.UTC(2003, 9, 11, 22, 14, 15, 3), level: 'CRITICAL', service: 'su', source: 'mymachine.example.com',
      message: "'su root' failed for lonvick on /dev/pts/8", spacecraft_id: null, labels: null,
    });
    expect(r.metadata).toEqual({ format: 'rfc5424', facility: 'auth', severity: 'crit', msgid: 'ID47' });
  });

  it('example 2: microseconds and a negative offset; PROCID kept', () => {
    const r = parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    expect(r.ok).toBe(true);
    expect(r.rec).toMatchObject({ timestamp: Date.UTC(2003, 7, 24, 12, 14, 15, 0), level: 'INFO', service: 'myproc', source: '192.0.2.1' });
    expect(r.rec.message).toBe("%% It's time to make the do-nuts.");
    expect(r.metadata).toEqual({ format: 'rfc5424', facility: 'local4', severity: 'notice', procid: '8710' });
  });

  it('example 3: structured data becomes metadata.sd', () => {
    const r = parse('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...');
    expect(r.ok).toBe(true);
    expect(r.rec.message).toBe('An application event log entry...');
    expect(r.metadata?.sd).toEqual({ 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } });
  });

  it('example 4: two SD elements and no message', () => {
    const r = parse('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]');
    expect(r.ok).toBe(true);
    expect(r.rec.message).toBe('');
    expect(r.metadata?.sd).toEqual({ 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' }, 'examplePriority@32473': { class: 'high' } });
  });

  it('escapes in PARAM-VALUE: \\" \\\\ \\] are unescaped, other backslashes kept; ] and spaces inside quotes are fine', () => {
    const r = parse(String.raw`<11>1 2026-11-23T10:00:00Z h app - - [x@1 a="q\"uote" b="back\\slash" c="br\]acket" d="keep\n" e="a ] b" f=""] m`);
    expect(r.ok).toBe(true);
    expect(r.metadata?.sd).toEqual({ 'x@1': { a: 'q"uote', b: 'back\\slash', c: 'br]acket', d: 'keep\\n', e: 'a ] b', f: '' } });
    expect(r.rec.message).toBe('m');
  });

  it('a PARAM-NAME repeated in one element keeps every value, in order', () => {
    expect(parse('<13>1 - - - - - [x@1 ip="10.0.0.1" ip="10.0.0.2" ip="10.0.0.3"] m').metadata?.sd).toEqual({ 'x@1': { ip: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] } });
  });

  it('NILVALUEs everywhere: arrival time, no service, the peer as source', () => {
    const r = parse('<13>1 - - - - - -');
    expect(r.ok).toBe(true);
    expect(r.rec).toMatchObject({ timestamp: RECEIVED, level: 'INFO', service: null, source: '192.0.2.50', message: '' });
    expect(r.metadata).toEqual({ format: 'rfc5424', facility: 'user', severity: 'notice' });
    expect(parse('<13>1 - - - - - -', { peer: null }).rec.source).toBeNull();
  });

  it('what util-linux logger sends (timeQuality SD, microseconds, +00:00)', () => {
    const r = parse('<11>1 2026-11-23T02:03:30.493787+00:00 vm nav - - [timeQuality tzKnown="1" isSynced="0"][obs@32473 spacecraft="voy\\"1"] hello 5424\n');
    expect(r.ok).toBe(true);
    expect(r.rec).toMatchObject({ timestamp: Date.UTC(2026, 10, 23, 2, 3, 30, 493), level: 'ERROR', service: 'nav', source: 'vm', message: 'hello 5424' });
    expect(r.metadata?.sd).toEqual({ timeQuality: { tzKnown: '1', isSynced: '0' }, 'obs@32473': { spacecraft: 'voy"1' } });
  });

  it('rsyslog relaying a BSD line as RFC 5424 doubles the space before MSG: it is not part of the message', () => {
    const r = parse('<12>1 2026-11-23T10:00:01+00:00 gs-beta comms 77 - -  route a 3164\n');
    expect(r).toMatchObject({ ok: true, rec: { message: 'route a 3164', service: 'comms', source: 'gs-beta', level: 'WARN' } });
  });

  it('a leap second becomes the last millisecond of :59 (epoch time has no room for it)', () => {
    expect(parse('<13>1 2016-12-31T23:59:60.5Z h a - - - m').rec.timestamp).toBe(Date.UTC(2016, 11, 31, 23, 59, 59, 999));
  });

  it('RFC 3339 stamps: lower-case t and z, nine fraction digits, positive offsets', () => {
    expect(parse('<13>1 2026-11-23t10:00:00.123456789z h a - - - m').rec.timestamp).toBe(Date.UTC(2026, 10, 23, 10, 0, 0, 123));
    expect(parse('<13>1 2026-11-23T10:00:00+05:30 h a - - - m').rec.timestamp).toBe(Date.UTC(2026, 10, 23, 4, 30));
    expect(parse('<13>1 2026-02-29T10:00:00Z h a - - - m').ok).toBe(false); // 2026 is no leap year
  });

  it('SD-IDs and names never reach Object.prototype', () => {
    const r = parse('<13>1 - - - - - [__proto__ polluted="1"][constructor prototype="2"] m');
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.rec.metadata).toContain('"__proto__":{"polluted":"1"}');
  });

  it.each<[string, string, RegExp, Partial<{ level: LogLevel; service: string | null; source: string | null; message: string }>]>([
    ['an unsupported VERSION', '<13>2 - - - - - - m', /^VERSION: 2/, { level: 'INFO', message: '2 - - - - - - m' }],
    ['a missing header field', '<11>1 2026-11-23T10:00:00Z host app', /^header:/, { level: 'ERROR', message: '1 2026-11-23T10:00:00Z host app' }],
    ['two spaces between fields', '<11>1 2026-11-23T10:00:00Z  host app - - - m', /^header:/, { level: 'ERROR' }],
    ['an unterminated SD value', '<11>1 2026-11-23T10:00:00Z host app - - [x@1 a="open] m', /^STRUCTURED-DATA: unterminated value of a/, { level: 'ERROR', service: 'app', source: 'host', message: '[x@1 a="open] m' }],
    ['SD not closed', '<11>1 - host app - - [x@1 a="1"', /^STRUCTURED-DATA: expected "]"/, { service: 'app' }],
    ['SD that is neither - nor [', '<11>1 - host app - - {x} m', /^STRUCTURED-DATA: expected "-" or "\["/, { message: '{x} m' }],
    ['SD glued to the message', '<11>1 - host app - - [x@1 a="1"]m', /^STRUCTURED-DATA: expected a space/, { message: '[x@1 a="1"]m' }],
    ['a PARAM without a quoted value', '<11>1 - host app - - [x@1 a=1] m', /^STRUCTURED-DATA: expected ="value" after a/, {}],
    ['an empty SD-ID', '<11>1 - host app - - [ a="1"] m', /^STRUCTURED-DATA: SD-ID/, {}],
    ['a timestamp that is not RFC 3339', '<11>1 2026-13-45T00:00:00Z host app - - - m', /^TIMESTAMP: "2026-13-45T00:00:00Z"/, { message: 'm', source: 'host' }],
    ['a timestamp without a zone', '<11>1 2026-11-23T10:00:00 host app - - - m', /^TIMESTAMP:/, { message: 'm' }],
  ])('malformed: %s → stored with parse_error, keeping what could be read', (_name, text, error, fields) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(error);
    expect(r.metadata?.parse_error).toBe(r.error);
    expect(r.rec).toMatchObject(fields);
    if (/TIMESTAMP/.test(r.error)) expect(r.rec.timestamp).toBe(RECEIVED);
  });

  it('structured data too large for metadata is left out, and said so', () => {
    const r = parse(`<13>1 - - app - - [x@1 a="${'\\"'.repeat(40_000)}"] m`);
    expect(r.ok).toBe(false);
    expect(r.metadata?.sd).toBeUndefined();
    expect(r.metadata?.parse_error).toMatch(/STRUCTURED-DATA: larger than 65536 bytes/);
    expect(r.rec.message).toBe('m');
  });
});

describe('PRI → level, facility, severity', () => {
  it.each<[number, LogLevel, string]>([
    [0, 'CRITICAL', 'emerg'], [1, 'CRITICAL', 'alert'], [2, 'CRITICAL', 'crit'], [3, 'ERROR', 'err'],
    [4, 'WARN', 'warning'], [5, 'INFO', 'notice'], [6, 'INFO', 'info'], [7, 'DEBUG', 'debug'],
  ])('severity %i → %s', (severity, level, name) => {
    const r = parse(`<${8 + severity}>1 - - - - - - m`);
    expect(r.rec.level).toBe(level);
    expect(r.metadata).toMatchObject({ facility: 'user', severity: name });
  });

  it.each<[string, string]>([
    ['<0>1 - - - - - - m', 'kern'], ['<191>1 - - - - - - m', 'local7'], ['<86>1 - - - - - - m', 'authpriv'], ['<134>1 - - - - - - m', 'local0'],
  ])('%s → facility %s', (text, facility) => {
    expect(parse(text).metadata?.facility).toBe(facility);
  });
});

describe('RFC 3164 (BSD) as senders really write it', () => {
  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    ['logger --rfc3164: host, tag[pid]', '<12>Nov 23 02:03:30 vm nav[5137]: hello 3164',
      { timestamp: Date.UTC(2026, 10, 23, 2, 3, 30), level: 'WARN', service: 'nav', source: 'vm', message: 'hello 3164' }, { procid: '5137' }],
    ['RFC 3164 §5.4 example', "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
      { timestamp: Date.UTC(2026, 9, 11, 22, 14, 15), level: 'CRITICAL', service: 'su', source: 'mymachine', message: "'su root' failed for lonvick on /dev/pts/8" }, { facility: 'auth' }],
    ['no hostname (a local socket\'s form)', '<13>Nov 23 02:03:30 nav[12]: hi',
      { service: 'nav', source: '192.0.2.50', message: 'hi' }, { procid: '12' }],
    ['no hostname, tag without pid', '<13>Nov 23 02:03:30 nav: hi', { service: 'nav', source: '192.0.2.50', message: 'hi' }, {}],
    ['a space-padded day', '<13>Nov  3 02:03:30 host app: x', { timestamp: Date.UTC(2026, 10, 3, 2, 3, 30), source: 'host', service: 'app' }, {}],
    ['an unpadded one-digit day', '<13>Nov 3 02:03:30 host app: x', { timestamp: Date.UTC(2026, 10, 3, 2, 3, 30) }, {}],
    ['a year after the day', '<13>Nov 23 2024 02:03:30 host app: x', { timestamp: Date.UTC(2024, 10, 23, 2, 3, 30), source: 'host' }, {}],
    ['milliseconds', '<13>Nov 23 02:03:30.250 host app: x', { timestamp: Date.UTC(2026, 10, 23, 2, 3, 30, 250) }, {}],
    ['RSYSLOG_ForwardFormat: RFC 3339 stamp, tag[pid]:', '<11>2026-11-23T10:00:00.123456+02:00 gs-1 nav[42]: engine nominal',
      { timestamp: Date.UTC(2026, 10, 23, 8, 0, 0, 123), level: 'ERROR', service: 'nav', source: 'gs-1', message: 'engine nominal' }, { procid: '42' }],
    ['an RFC 3339 stamp without a zone is UTC by default', '<13>2026-11-23T10:00:00 h a: x', { timestamp: Date.UTC(2026, 10, 23, 10) }, {}],
    ['a slash in the tag', '<22>Nov 23 02:03:30 mail postfix/smtpd[123]: connect from x', { service: 'postfix/smtpd', source: 'mail' }, { facility: 'mail', procid: '123' }],
    ['a BOM before the message', '<13>Nov 23 02:03:30 h app: \uFEFFhi', { message: 'hi' }, {}],
    ['no stamp: arrival time, tag still read', '<13>nav: hello', { timestamp: RECEIVED, service: 'nav', source: '192.0.2.50', message: 'hello' }, {}],
    ['no stamp, no tag: all message', '<13>just some text', { timestamp: RECEIVED, service: null, message: 'just some text' }, {}],
    ['after a full header the first word is the tag, colon or not (as rsyslog reads it)', '<13>Nov 23 02:03:30 host just text', { service: 'just', source: 'host', message: 'text' }, {}],
    ['RSYSLOG_ForwardFormat of an RFC 5424 line: tag[pid] without a colon', '<11>2026-11-23T10:00:00.123Z gs-alpha nav[4242] route b',
      { timestamp: Date.UTC(2026, 10, 23, 10, 0, 0, 123), service: 'nav', source: 'gs-alpha', message: 'route b' }, { procid: '4242' }],
    ['RSYSLOG_ForwardFormat of an RFC 5424 line without PROCID, BOM message', '<14>2026-11-23T10:00:00.123Z gs-alpha nav \uFEFFbom', { service: 'nav', source: 'gs-alpha', message: 'bom' }, {}],
    ['RSYSLOG_ForwardFormat of all-NIL RFC 5424: host and tag "-"', '<13>2026-11-23T02:13:37.027024+00:00 - - nil', { service: null, source: '192.0.2.50', message: 'nil' }, {}],
    ['a BSD header and nothing after the host', '<13>Nov 23 02:03:30 host', { service: null, source: 'host', message: '' }, {}],
    ['no header: a word without a colon is message', '<13>hello world', { service: null, message: 'hello world' }, {}],
    ['a colon not followed by a space is not a tag', '<13>http://example.com/x', { service: null, message: 'http://example.com/x' }, {}],
    ['empty pid brackets', '<13>Nov 23 02:03:30 h app[]: x', { service: 'app', message: 'x' }, {}],
    ['nothing after the PRI', '<13>', { message: '', service: null }, {}],
  ])('%s', (_name, text, fields, meta) => {
    const r = parse(text);
    expect(r.ok).toBe(true);
    expect(r.rec).toMatchObject(fields);
    expect(r.metadata).toMatchObject({ format: 'rfc3164', ...meta });
  });

  it('no year: the current one, or the previous if that would be over a day ahead', () => {
    const at = (text: string, receivedAt: number) => parse(`<13>${text} h a: x`, { receivedAt }).rec.timestamp;
    expect(at('Dec 31 23:59:00', Date.UTC(2027, 0, 1, 0, 30))).toBe(Date.UTC(2026, 11, 31, 23, 59));
    expect(at('Nov 24 06:00:00', RECEIVED)).toBe(Date.UTC(2026, 10, 24, 6)); // less than a day ahead: a fast clock
    expect(at('Nov 24 12:00:01', RECEIVED)).toBe(Date.UTC(2025, 10, 24, 12, 0, 1));
    expect(at('Jan  1 00:00:00', RECEIVED)).toBe(Date.UTC(2026, 0, 1));
    expect(at('Feb 29 10:00:00', Date.UTC(2029, 1, 1))).toBe(Date.UTC(2028, 1, 29, 10)); // only last year had a 29th
  });

  it.each<[string, SyslogTimeZone, string, number]>([
    ['a fixed offset', parseSyslogTimeZone('+05:30')!, 'Nov 23 10:00:00', Date.UTC(2026, 10, 23, 4, 30)],
    ['a negative offset without colon', parseSyslogTimeZone('-0800')!, 'Nov 23 10:00:00', Date.UTC(2026, 10, 23, 18)],
    ['an IANA zone in winter', parseSyslogTimeZone('Europe/Berlin')!, 'Jan 10 12:00:00', Date.UTC(2026, 0, 10, 11)],
    ['an IANA zone in summer (DST)', parseSyslogTimeZone('Europe/Berlin')!, 'Jul  1 12:00:00', Date.UTC(2026, 6, 1, 10)],
    ['UTC', UTC, 'Jul  1 12:00:00', Date.UTC(2026, 6, 1, 12)],
  ])('configured zone: %s', (_name, timeZone, stamp, expected) => {
    expect(parse(`<13>${stamp} h a: x`, { timeZone }).rec.timestamp).toBe(expected);
  });

  it('a zone only applies to stamps without one', () => {
    const timeZone = parseSyslogTimeZone('+05:00')!;
    expect(parse('<13>2026-11-23T10:00:00Z h a: x', { timeZone }).rec.timestamp).toBe(Date.UTC(2026, 10, 23, 10));
    expect(parse('<13>1 2026-11-23T10:00:00Z h a - - - x', { timeZone }).rec.timestamp).toBe(Date.UTC(2026, 10, 23, 10));
  });

  it('parseSyslogTimeZone refuses what it does not know', () => {
    expect(parseSyslogTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(parseSyslogTimeZone('+25:00')).toBeNull();
    expect(parseSyslogTimeZone('utc')).toEqual(UTC);
    expect(parseSyslogTimeZone('local')).toMatchObject({ kind: 'iana' });
  });

  it('an impossible date is kept with parse_error and the arrival time', () => {
    const r = parse('<13>Feb 30 10:00:00 h app: x');
    expect(r.ok).toBe(false);
    expect(r.metadata?.parse_error).toMatch(/^TIMESTAMP: "Feb 30 10:00:00"/);
    expect(r.rec).toMatchObject({ timestamp: RECEIVED, service: 'app', source: 'h', message: 'x' });
  });
});

describe('garbage', () => {
  it.each<[string, string, RegExp]>([
    ['plain text', 'hello there', /^PRI: missing/],
    ['an empty frame', '', /^PRI: missing/],
    ['a PRI out of range', '<999>1 - - - - - - m', /^PRI: <999> is out of range/],
    ['a PRI that is not a number', '<abc>x', /^PRI: missing/],
    ['an unclosed PRI', '<13 x', /^PRI: missing/],
    ['a four-digit PRI', '<0013>x', /^PRI: missing/],
    ['binary', '\u0000\u0001\u0002\uFFFD\uFFFD', /^PRI: missing/],
  ])('%s → INFO line with the raw text and parse_error', (_name, text, error) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(error);
    expect(r.rec).toMatchObject({ level: 'INFO', timestamp: RECEIVED, service: null, source: '192.0.2.50' });
    expect(r.rec.message).toBe(text.replaceAll('\u0000', '\uFFFD'));
    expect(r.metadata).toEqual({ parse_error: r.error });
  });

  it('a BOM before the PRI is dropped', () => {
    expect(parse('\uFEFF<13>1 - - - - - - x')).toMatchObject({ ok: true, rec: { message: 'x' } });
  });

  it('a cut frame says so in metadata, and trailing CR/LF is not part of the message', () => {
    const r = parse('<13>1 - - - - - - x\r\n', { cut: true });
    expect(r.ok).toBe(true);
    expect(r.rec.message).toBe('x');
    expect(r.metadata?.truncated).toBe(true);
  });

  it('never throws, and always yields a storable record (fuzz)', () => {
    const pieces = ['<', '>', '1', ' ', '-', '[', ']', '"', '\\', '=', 'a', '@', 'Oct', '13', ':', '2026-11-23T10:00:00Z', '\n', '\uFEFF', '\u0000', 'é'];
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    for (let i = 0; i < 5000; i++) {
      let text = rnd(2) ? `<${rnd(200)}>` : '';
      for (let k = rnd(30); k > 0; k--) text += pieces[rnd(pieces.length)];
      const r = parseSyslog(text, { receivedAt: RECEIVED });
      expect(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL']).toContain(r.record.level);
      expect(typeof r.record.message).toBe('string');
      expect(r.record.message).not.toContain('\u0000');
      expect(Number.isInteger(r.record.timestamp)).toBe(true);
      expect(() => JSON.parse(r.record.metadata ?? 'null') as unknown).not.toThrow();
    }
  });
});
