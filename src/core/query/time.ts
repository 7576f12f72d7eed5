import { ApiError } from '../../shared/api/errors';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^([0-9]{1,9})(ms|s|m|h|d|w)$/;
const RELATIVE = /^now(?:([+-])([0-9]{1,9})(ms|s|m|h|d|w))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Latest instant we accept (year 2286): beyond it an epoch-ms number is certainly a unit mistake. */
export const MAX_EPOCH_MS = 9_999_999_999_999;

/** `30s` → 30000. Throws bad_request naming the field. */
export function parseDuration(text: string, field = 'duration'): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new ApiError('bad_request', `${field}: "${text.slice(0, 40)}" is not a duration like 30s, 5m, 2h, 1d`);
  return Number(m[1]) * UNIT_MS[m[2] as Unit];
}

export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/** A time bound as people type it: epoch ms, ISO 8601 (UTC unless an offset is given), `now-1h`. */
export function parseTimeBound(text: string, field: string, now: number): number {
  const t = text.trim();
  if (/^[0-9]{1,16}$/.test(t)) {
    const ms = Number(t);
    if (ms <= MAX_EPOCH_MS) return ms;
  }
  const rel = RELATIVE.exec(t);
  if (rel) {
    if (!rel[1]) return now;
    const delta = Number(rel[2]) * UNIT_MS[rel[3] as Unit];
    return rel[1] === '-' ? now - delta : now + delta;
  }
  const iso = parseIso(t, false);
  if (iso !== null) return iso;
  throw new ApiError(
    'bad_request',
    `${field}: "${t.slice(0, 40)}" is not a time; use ISO 8601 (2026-11-23T10:00:00Z), epoch milliseconds, or now-15m / now-1h / now-7d`,
  );
}

/**
 * ISO 8601 date or date-time → epoch ms; null when malformed or not a real calendar instant
 * (Date.parse would roll 2026-02-30 over into March). Without a zone the time is UTC, unless
 * `requireZone` (ingest, where a zone-less stamp is ambiguous).
 */
export function parseIso(text: string, requireZone: boolean): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  if (zone && m[4] === undefined) return null; // a zone needs a time of day
  if (requireZone && !zone) return null;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone ?? 'Z'}`);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export interface TimeRange {
  from: number;
  to: number;
}

export function parseRange(
  input: { from?: string | undefined; to?: string | undefined },
  now: number,
  defaultFrom: string | null,
): { from: number | null; to: number | null } {
  const from = input.from ?? defaultFrom;
  const range = {
    from: from === null ? null : parseTimeBound(from, 'from', now),
    to: input.to === undefined ? null : parseTimeBound(input.to, 'to', now),
  };
  if (range.from !== null && range.to !== null && range.from > range.to) {
    throw new ApiError('bad_request', 'from: the start of the range is after its end (to)');
  }
  return range;
}
