import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, RETRY_AFTER_MAX_MS, backoffDelay, parseRetryAfter, retryDelay } from '../../../src/forwarder/backoff';

describe('backoffDelay: exponential, full jitter, base 500 ms, cap 60 s', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [6, 32_000],
    [7, 60_000],
    [50, 60_000],
    [5000, 60_000],
  ])('attempt %i draws from [0, %i)', (attempt, ceiling) => {
    expect(backoffDelay(attempt, () => 0)).toBe(0);
    expect(backoffDelay(attempt, () => 0.5)).toBe(Math.floor(ceiling / 2));
    expect(backoffDelay(attempt, () => 0.999999)).toBe(Math.floor(ceiling * 0.999999));
  });

  it('never exceeds the cap and spreads over the whole range', () => {
    const draws = Array.from({ length: 2000 }, () => backoffDelay(10));
    expect(Math.max(...draws)).toBeLessThan(BACKOFF_CAP_MS);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    // full jitter, not "cap ± a little": a real share of draws lands in the lowest tenth
    expect(draws.filter((d) => d < BACKOFF_CAP_MS / 10).length).toBeGreaterThan(100);
  });

  it('a negative attempt is treated as the first', () => {
    expect(backoffDelay(-3, () => 0.999)).toBeLessThan(500);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it.each<[string | null | undefined, number | undefined]>([
    ['1', 1000],
    ['0', 0],
    [' 5 ', 5000],
    ['120', 120_000],
    ['99999999', RETRY_AFTER_MAX_MS],
    ['Mon, 23 Nov 2026 10:00:30 GMT', 30_000],
    ['Monday, 23-Nov-26 10:00:30 GMT', 30_000],
    ['Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['Tue, 23 Nov 2027 10:00:00 GMT', RETRY_AFTER_MAX_MS],
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['2026', 2026 * 1000],
    ['Mon, 99 Foo 2026 10:00:00 GMT', undefined],
  ])('%j → %s ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it("asctime's form is a date too (it has no zone, so only that it is read)", () => {
    expect(parseRetryAfter('Mon Nov 23 10:00:30 2026', now)).toBeTypeOf('number');
  });
});

describe('retryDelay', () => {
  it("the station's Retry-After wins over backoff", () => {
    expect(retryDelay(9, 1000, () => 0.999)).toBe(1000);
    expect(retryDelay(0, 0, () => 0.999)).toBe(0);
  });
  it('without it, backoff for that attempt', () => {
    expect(retryDelay(3, undefined, () => 0.5)).toBe(2000);
  });
});
