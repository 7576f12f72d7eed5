/**
 * Syslog messages → log records: RFC 5424, and RFC 3164 ("BSD") in the shapes rsyslog and
 * util-linux `logger` really send — with or without a year, with or without a hostname,
 * `tag[pid]:`, and rsyslog's RFC 3339 stamp in the BSD layout (RSYSLOG_ForwardFormat). Pure:
 * one frame's text in, one record out; framing and sockets live in src/syslog.
 *
 * A frame that is not well-formed still yields a record (`ok: false` + `record`): the text we
 * could not read is kept as the message, `metadata.parse_error` says what was wrong, and the
 * level is the frame's PRI severity when it had a PRI, else INFO — RFC 3164 §4.3.3 tells a relay
 * to assume user.notice for a line without one. The transport decides what to do with it.
 */
import type { LogLevel } from '../../../shared/api/schemas/logs';
import type { LogRecord } from '../../db/repos/logs';
import { LIMITS } from '../log-record';
import { UTC, wallTimeToEpoch, yearIn, type SyslogTimeZone, type WallTime } from './syslog-time';

export const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
const LEVEL_OF_SEVERITY: readonly LogLevel[] = ['CRITICAL', 'CRITICAL', 'CRITICAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];
export const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security',
  'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;

export interface SyslogParseOptions {
  /** When the frame arrived: the timestamp of a line without one, and "now" for RFC 3164's missing year. */
  receivedAt: number;
  /** Zone of RFC 3164 stamps (which carry none); UTC when not given. */
  timeZone?: SyslogTimeZone | undefined;
  /** The sender's address: the source of a line that names no host. */
  peer?: string | null | undefined;
  /** The frame was cut at the size limit (recorded as `metadata.truncated`). */
  cut?: boolean | undefined;
}

export type SyslogFormat = 'rfc5424' | 'rfc3164';
export type StructuredData = Record<string, Record<string, string | string[]>>;

export type SyslogParse =
  | { ok: true; format: SyslogFormat; record: LogRecord }
  /** Not well-formed: `record` keeps what could be read, with `metadata.parse_error`. */
  | { ok: false; error: string; record: LogRecord };

interface Parts {
  pri: number | null;
  format: SyslogFormat | null;
  timestamp: number | null;
  host: string | null;
  app: string | null;
  procid: string | null;
  msgid: string | null;
  sd: StructuredData | null;
  message: string;
  error: string | null;
}

const PRI = /^<([0-9]{1,3})>/;
const VERSION = /^([1-9][0-9]?) /;
const RFC3339 = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|([+-])([0-9]{2}):([0-9]{2}))$/i;
/** rsyslog's RSYSLOG_ForwardFormat puts an RFC 3339 stamp where BSD has "Mmm dd hh:mm:ss". */
const ISO_STAMP = /([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})?(?: |$)/iy;
/** "Oct 11 22:14:15", "Oct  1 22:14:15", "Oct 11 2026 22:14:15", optional fraction. */
const BSD_STAMP = /([A-Za-z]{3}) {1,2}([0-9]{1,2}) (?:([0-9]{4}) )?([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?(?: |$)/y;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9._:%-]{0,254}$/;
/**
 * `tag:`, `tag[pid]:`, `postfix/smtpd[123]:`, and after a full BSD header also `tag[pid]` and
 * `tag` without the colon — rsyslog reads the first word there as the tag, and its
 * RSYSLOG_ForwardFormat writes tags of RFC 5424 origin that way. Ends at a space or the end.
 */
const TAG = /([^\s[\]:]{1,128})(?:\[([^\]\s]{0,128})\])?(:?)(?: |$)/y;
const MONTHS = new Map(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]));
const DAY_MS = 86_400_000;

export function parseSyslog(frame: string, opts: SyslogParseOptions): SyslogParse {
  const text = frame.charCodeAt(0) === 0xfeff ? frame.slice(1) : frame;
  const pri = PRI.exec(text);
  let parts: Parts;
  if (!pri) parts = bare(null, text, 'PRI: missing; a syslog message starts with <0-191>');
  else if (Number(pri[1]) > 191) parts = bare(null, text, `PRI: <${pri[1]}> is out of range (0-191)`);
  else {
    const rest = text.slice(pri[0].length);
    const value = Number(pri[1]);
    parts = VERSION.test(rest) ? rfc5424(value, rest) : rfc3164(value, rest, opts);
  }
  const record = toRecord(parts, opts);
  return parts.error === null && parts.format !== null
    ? { ok: true, format: parts.format, record }
    : { ok: false, error: parts.error ?? 'unreadable', record };
}

function bare(pri: number | null, message: string, error: string): Parts {
  return { pri, format: null, timestamp: null, host: null, app: null, procid: null, msgid: null, sd: null, message, error };
}

function nil(token: string): string | null {
  return token === '-' ? null : token;
}

/** `1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, "-" for each absent field. */
function rfc5424(pri: number, rest: string): Parts {
  const version = (VERSION.exec(rest) as RegExpExecArray)[1] as string;
  if (version !== '1') return bare(pri, rest, `VERSION: ${version} is not supported (RFC 5424 defines 1)`);
  let i = version.length + 1;
  const header: string[] = [];
  for (let n = 0; n < 5; n++) {
    const sp = rest.indexOf(' ', i);
    if (sp <= i) return bare(pri, rest, 'header: expected TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA, each one space apart');
    header.push(rest.slice(i, sp));
    i = sp + 1;
  }
  const [stamp, host, app, procid, msgid] = header as [string, string, string, string, string];
  const parts: Parts = {
    pri, format: 'rfc5424', timestamp: null, host: nil(host), app: nil(app), procid: nil(procid), msgid: nil(msgid), sd: null, message: '', error: null,
  };
  if (stamp !== '-') {
    const t = rfc3339(stamp);
    if (t === null) parts.error = `TIMESTAMP: "${stamp.slice(0, 40)}" is not an RFC 3339 date-time`;
    else parts.timestamp = t;
  }
  const sd = structuredData(rest, i);
  if ('error' in sd) return { ...parts, message: rest.slice(i), error: sd.error };
  if (sd.end < rest.length && rest[sd.end] !== ' ') {
    return { ...parts, message: rest.slice(i), error: 'STRUCTURED-DATA: expected a space between it and the message' };
  }
  return { ...parts, sd: sd.value, message: rest.slice(sd.end + 1) };
}

/** `2003-08-24T05:14:15.000003-07:00` → epoch ms (fraction cut to ms); null when not a real instant. */
function rfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone, sign, oh, om] = m as unknown as (string | undefined)[];
  const minutes = zone === 'Z' || zone === 'z' ? 0 : (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  return wallTimeToEpoch(wall(Number(y), Number(mo), d!, h!, mi!, sec!, frac), { kind: 'offset', minutes, name: zone! });
}

/** `-` or `[id param="value" …][id2 …]`; values unescape `\"`, `\\` and `\]` (other backslashes stay). */
function structuredData(s: string, start: number): { value: StructuredData | null; end: number } | { error: string } {
  if (s[start] === '-') return { value: null, end: start + 1 };
  if (s[start] !== '[') return { error: 'STRUCTURED-DATA: expected "-" or "["' };
  // Null prototypes: SD-IDs and names are sender text and must never reach Object.prototype.
  const value: StructuredData = Object.create(null) as StructuredData;
  let i = start;
  const name = (): string => {
    const from = i;
    while (i < s.length && !' ]="'.includes(s[i] as string)) i++;
    return s.slice(from, i);
  };
  while (s[i] === '[') {
    i++;
    const id = name();
    if (id === '' || id.length > 32) return { error: `STRUCTURED-DATA: SD-ID must be 1-32 characters (at offset ${i})` };
    const params = (value[id] ??= Object.create(null) as Record<string, string | string[]>);
    while (s[i] === ' ') {
      i++;
      const param = name();
      if (param === '' || param.length > 32) return { error: `STRUCTURED-DATA: PARAM-NAME must be 1-32 characters (in [${id}])` };
      if (s[i] !== '=' || s[i + 1] !== '"') return { error: `STRUCTURED-DATA: expected ="value" after ${param} (in [${id}])` };
      i += 2;
      let text = '';
      let from = i;
      for (; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\' || s[i + 1] === ']')) {
          text += s.slice(from, i);
          from = ++i; // keep the escaped character, drop the backslash
        }
      }
      if (i >= s.length) return { error: `STRUCTURED-DATA: unterminated value of ${param} (in [${id}])` };
      text += s.slice(from, i);
      i++;
      // A PARAM-NAME may repeat within an element (RFC 5424 §6.3.3): its values become a list.
      const previous = params[param];
      params[param] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text];
    }
    if (s[i] !== ']') return { error: `STRUCTURED-DATA: expected "]" to close [${id}]` };
    i++;
  }
  return { value, end: i };
}

/** `[TIMESTAMP [HOSTNAME ]][TAG[PID]: ]MSG` — every part optional, as BSD senders differ. */
function rfc3164(pri: number, rest: string, opts: SyslogParseOptions): Parts {
  const parts: Parts = { pri, format: 'rfc3164', timestamp: null, host: null, app: null, procid: null, msgid: null, sd: null, message: '', error: null };
  const zone = opts.timeZone ?? UTC;
  let i = 0;
  let stamped = false;
  ISO_STAMP.lastIndex = 0;
  BSD_STAMP.lastIndex = 0;
  const iso = ISO_STAMP.exec(rest);
  const bsd = iso ? null : BSD_STAMP.exec(rest);
  if (iso) {
    stamped = true;
    i = iso[0].length;
    const text = iso[0].trim();
    const [, y, mo, d, h, mi, sec, frac, offset] = iso as unknown as [string, string, string, string, string, string, string, string | undefined, string | undefined];
    // Without an offset the stamp is wall-clock time in the configured zone, like a BSD stamp.
    parts.timestamp = offset ? rfc3339(text) : wallTimeToEpoch(wall(Number(y), Number(mo), d, h, mi, sec, frac), zone);
    if (parts.timestamp === null) parts.error = `TIMESTAMP: "${text}" is not a real date-time`;
  } else if (bsd && MONTHS.has((bsd[1] as string).toLowerCase())) {
    stamped = true;
    i = bsd[0].length;
    parts.timestamp = bsdTime(bsd, zone, opts.receivedAt);
    if (parts.timestamp === null) parts.error = `TIMESTAMP: "${bsd[0].trim()}" is not a real date`;
  }
  let header = false;
  if (stamped) {
    // After a stamp comes the HOSTNAME ("-" from rsyslog when it had none), unless the sender
    // left it out and the tag follows at once.
    const sp = rest.indexOf(' ', i);
    const token = rest.slice(i, sp === -1 ? rest.length : sp);
    if ((HOSTNAME.test(token) && !token.endsWith(':')) || token === '-') {
      parts.host = nil(token);
      i = sp === -1 ? rest.length : sp + 1;
      header = true;
    }
  }
  TAG.lastIndex = i;
  const tag = TAG.exec(rest);
  // Without a full header only `tag:` counts: "<13>hello world" is all message.
  if (tag && (tag[3] === ':' || header)) {
    parts.app = nil(tag[1] as string);
    parts.procid = tag[2] || null;
    i = TAG.lastIndex;
  }
  parts.message = rest.slice(i);
  return parts;
}

function wall(year: number, month: number, day: string, h: string, mi: string, sec: string, frac: string | undefined): WallTime {
  return { year, month, day: Number(day), hour: Number(h), minute: Number(mi), second: Number(sec), ms: Number((frac ?? '').padEnd(3, '0').slice(0, 3)) };
}

/** BSD stamps have no year: this year in the zone, or last year if that lands over a day ahead. */
function bsdTime(m: RegExpExecArray, zone: SyslogTimeZone, receivedAt: number): number | null {
  const [, name, day, year, h, mi, sec, frac] = m as unknown as [string, string, string, string | undefined, string, string, string, string | undefined];
  const month = MONTHS.get(name.toLowerCase()) as number;
  if (year !== undefined) return wallTimeToEpoch(wall(Number(year), month, day, h, mi, sec, frac), zone);
  const thisYear = yearIn(zone, receivedAt);
  const t = wallTimeToEpoch(wall(thisYear, month, day, h, mi, sec, frac), zone);
  if (t !== null && t <= receivedAt + DAY_MS) return t;
  // A December line read in January (or a February 29th that only fits a leap year before).
  return wallTimeToEpoch(wall(thisYear - 1, month, day, h, mi, sec, frac), zone) ?? t;
}

function clip(v: string | null, max: number): string | null {
  return v === null || v === '' ? null : v.length > max ? v.slice(0, max) : v;
}

/** The record; sets `p.error` when something had to be left out on the way. */
function toRecord(p: Parts, opts: SyslogParseOptions): LogRecord {
  // Leading spaces are separators some senders double (rsyslog writes a BSD message's own
  // leading space after RFC 5424's); trailing newlines belong to framing; a NUL would end the
  // full-text index's view of the line.
  let message = p.message.charCodeAt(0) === 0x20 ? p.message.replace(/^ +/, '') : p.message;
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  const last = message.charCodeAt(message.length - 1);
  if (last === 0x0a || last === 0x0d) message = message.replace(/[\r\n]+$/, '');
  if (message.includes('\u0000')) message = message.replaceAll('\u0000', '\uFFFD');
  if (message.length > LIMITS.message) message = message.slice(0, LIMITS.message);
  const meta: Record<string, unknown> = {};
  if (p.format) meta.format = p.format;
  if (p.pri !== null) {
    meta.facility = FACILITIES[p.pri >> 3];
    meta.severity = SEVERITIES[p.pri & 7];
  }
  if (p.procid !== null) meta.procid = clip(p.procid, LIMITS.id);
  if (p.msgid !== null) meta.msgid = clip(p.msgid, LIMITS.id);
  if (p.sd) meta.sd = p.sd;
  if (p.error) meta.parse_error = p.error;
  if (opts.cut) meta.truncated = true;
  let metadata = JSON.stringify(meta);
  if (metadata.length * 3 > LIMITS.metadataBytes && Buffer.byteLength(metadata) > LIMITS.metadataBytes) {
    delete meta.sd;
    p.error = meta.parse_error = `${p.error ? `${p.error}; ` : ''}STRUCTURED-DATA: larger than ${LIMITS.metadataBytes} bytes as JSON, not kept`;
    metadata = JSON.stringify(meta);
  }
  return {
    timestamp: p.timestamp ?? opts.receivedAt,
    level: p.pri === null ? 'INFO' : (LEVEL_OF_SEVERITY[p.pri & 7] as LogLevel),
    service: clip(p.app, LIMITS.name),
    message,
    metadata,
    spacecraft_id: null,
    request_id: null,
    trace_id: null,
    span_id: null,
    source: clip(p.host, LIMITS.name) ?? clip(opts.peer ?? null, LIMITS.name),
    labels: null,
  };
}
