/**
 * Time zones for syslog stamps that carry none. RFC 3164 ("Oct 11 22:14:15") gives neither a
 * year nor a zone; the station assumes UTC unless the operator names the senders' zone: a fixed
 * offset (`+02:00`) or an IANA name (`Europe/Berlin`, daylight saving applied per date).
 */

export type SyslogTimeZone = { kind: 'offset'; minutes: number; name: string } | { kind: 'iana'; name: string };

export const UTC: SyslogTimeZone = { kind: 'offset', minutes: 0, name: 'UTC' };

const OFFSET = /^([+-])([0-9]{2}):?([0-9]{2})$/;

/** `UTC`, `+02:00`, `-0530`, `local` (this machine's zone) or an IANA name; null when unknown. */
export function parseSyslogTimeZone(text: string): SyslogTimeZone | null {
  const t = text.trim();
  if (/^(utc|z|gmt)$/i.test(t)) return UTC;
  const m = OFFSET.exec(t);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    if (Number(m[2]) > 14 || Number(m[3]) > 59) return null;
    return { kind: 'offset', minutes: m[1] === '-' ? -minutes : minutes, name: t };
  }
  const name = /^local$/i.test(t) ? Intl.DateTimeFormat().resolvedOptions().timeZone : t;
  try {
    return { kind: 'iana', name: new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone };
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at instant `at`, in ms. */
function offsetMs(zone: SyslogTimeZone, at: number): number {
  if (zone.kind === 'offset') return zone.minutes * 60_000;
  let f = formatters.get(zone.name);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone.name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone.name, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/** The calendar year on the zone's wall clock at instant `at`. */
export function yearIn(zone: SyslogTimeZone, at: number): number {
  return new Date(at + offsetMs(zone, at)).getUTCFullYear();
}

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** A wall-clock time in `zone` → epoch ms; null when it is not a real calendar date. */
export function wallTimeToEpoch(t: WallTime, zone: SyslogTimeZone): number | null {
  if (t.year < 1970 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 60) return null;
  if (t.day > new Date(Date.UTC(t.year, t.month, 0)).getUTCDate()) return null;
  // A leap second (:60) is stored as :59.999 — epoch time has no room for it.
  const leap = t.second === 60;
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, leap ? 59 : t.second, leap ? 999 : t.ms);
  // Twice: the offset at the guessed instant may differ from the one at the answer (DST edges).
  let epoch = asUtc - offsetMs(zone, asUtc);
  const second = asUtc - offsetMs(zone, epoch);
  if (second !== epoch) epoch = second;
  return epoch >= 0 ? epoch : null;
}
