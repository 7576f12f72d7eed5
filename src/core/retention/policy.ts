/** How long lines of each level are kept, and how such an age is written (`12h`, `30d`, `forever`). */
import type { LogLevel } from '../../shared/api/schemas/logs';
import type { RetentionPolicy } from '../../shared/api/schemas/retention';

export const RETENTION_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const satisfies readonly LogLevel[];

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { DEBUG: '7d', INFO: '30d', WARN: '90d', ERROR: '365d', CRITICAL: '365d' };

const HOUR = 3_600_000;
const UNIT_MS = { h: HOUR, d: 24 * HOUR } as const;
/** A century: anything longer is a typo for `forever`. */
const MAX_AGE_MS = 36_500 * 24 * HOUR;

/**
 * Milliseconds a line is kept, null for `forever`, undefined when `text` is not an age.
 * Hours and days only, at least an hour: retention deletes data, a `5s` is never meant.
 */
export function parseRetentionAge(text: string): number | null | undefined {
  if (text === 'forever') return null;
  const m = /^([0-9]{1,6})([hd])$/.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms >= HOUR && ms <= MAX_AGE_MS ? ms : undefined;
}

/** The reason `text` is refused for `level`, or null when it is a valid age. */
export function retentionAgeProblem(level: string, text: string): string | null {
  return parseRetentionAge(text) === undefined
    ? `policy.${level}: '${text.slice(0, 32)}' is not a retention age; write hours or days (12h, 30d, 365d, 1h … 36500d) or forever`
    : null;
}

/** A stored policy read leniently: a missing or unreadable level falls back to its default. */
export function policyFrom(stored: unknown): RetentionPolicy {
  const out = { ...DEFAULT_RETENTION_POLICY };
  if (typeof stored !== 'object' || stored === null) return out;
  for (const level of RETENTION_LEVELS) {
    const v = (stored as Record<string, unknown>)[level];
    if (typeof v === 'string' && parseRetentionAge(v) !== undefined) out[level] = v;
  }
  return out;
}
