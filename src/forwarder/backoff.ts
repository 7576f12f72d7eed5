/**
 * When to try a failed send again: exponential backoff with full jitter (AWS's "Exponential
 * Backoff And Jitter": a uniform draw in [0, min(cap, base·2^attempt)) so a fleet of stations
 * coming back after an outage does not retry in lockstep), unless the station said when to come
 * back with Retry-After, which wins.
 */

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 60_000;
/** A Retry-After further away than this is a misconfigured peer, not a plan: wait this long at most. */
export const RETRY_AFTER_MAX_MS = 3_600_000;

/** Delay before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  // 2^attempt overflows to Infinity long before it matters; min() keeps the ceiling finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Milliseconds from `now`,
 * 0 for a date in the past, undefined when absent or unreadable (then backoff applies).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^[0-9]+$/.test(text)) return Math.min(Number(text) * 1000, RETRY_AFTER_MAX_MS);
  // Only date forms: Date.parse would also take "1.5" or "2026" and invent a meaning for them.
  if (!/^[A-Za-z]{3},? /.test(text) && !/^[A-Za-z]+day, /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), RETRY_AFTER_MAX_MS);
}

/** The wait before the next try: the station's word if it gave one, else jittered backoff. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  return retryAfterMs ?? backoffDelay(attempt, random);
}
