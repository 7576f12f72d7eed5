import { describe, expect, it } from 'vitest';
import { formatDuration, MAX_EPOCH_MS, parseDuration, parseIso, parseRange, parseTimeBound } from '../../../../src/core/query/time';
import { ApiError } from '../../../../src/shared/api/errors';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0); // 2026-11-23T12:00:00Z
const MIN = 60_000;
const HOUR = 60 * MIN;

function badRequest(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('bad_request');
    return e as ApiError;
  }
  throw new Error('expected a bad_request ApiError, nothing was thrown');
}

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['0s', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 5 * MIN],
    ['2h', 2 * HOUR],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    [' 15m ', 15 * MIN],
    ['999999999ms', 999_999_999],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 'm', '5 m', '5M', '1.5h', '-5m', '5mm', '1y', '1000000000s', 'now', '5m30s'])('%j is refused', (text) => {
    const e = badRequest(() => parseDuration(text, 'window'));
    expect(e.message).toMatch(/^window: /);
  });

  it('names "duration" when no field is given', () => {
    expect(badRequest(() => parseDuration('x')).message).toMatch(/^duration: "x"/);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0ms'],
    [1, '1ms'],
    [1500, '1500ms'],
    [1000, '1s'],
    [90_000, '90s'],
    [5 * MIN, '5m'],
    [90 * MIN, '90m'],
    [2 * HOUR, '2h'],
    [36 * HOUR, '36h'],
    [86_400_000, '1d'],
    [8 * 86_400_000, '8d'],
    [604_800_000, '1w'],
    [1_209_600_000, '2w'],
  ])('%d → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [0, 1, 999, 1000, 61_000, 3_600_000, 5_400_000, 86_400_000, 1_209_600_000, 123_456_789]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('parseTimeBound', () => {
  it.each<[string, string, number]>([
    ['epoch ms', '1795428000000', 1_795_428_000_000],
    ['epoch 0', '0', 0],
    ['the latest epoch we accept', String(MAX_EPOCH_MS), MAX_EPOCH_MS],
    ['ISO with Z', '2026-11-23T10:00:00Z', Date.UTC(2026, 10, 23, 10)],
    ['ISO with milliseconds', '2026-11-23T10:00:00.250Z', Date.UTC(2026, 10, 23, 10, 0, 0, 250)],
    ['ISO with +02:00', '2026-11-23T10:00:00+02:00', Date.UTC(2026, 10, 23, 8)],
    ['ISO with -0500', '2026-11-23T10:00:00-0500', Date.UTC(2026, 10, 23, 15)],
    ['ISO without a zone is UTC', '2026-11-23T10:00:00', Date.UTC(2026, 10, 23, 10)],
    ['ISO minutes only, no zone', '2026-11-23T10:30', Date.UTC(2026, 10, 23, 10, 30)],
    ['ISO with a space, no zone', '2026-11-23 10:30:15', Date.UTC(2026, 10, 23, 10, 30, 15)],
    ['date only is UTC midnight', '2026-11-23', Date.UTC(2026, 10, 23)],
    ['surrounding spaces', '  2026-11-23  ', Date.UTC(2026, 10, 23)],
    ['now', 'now', NOW],
    ['now-15m', 'now-15m', NOW - 15 * MIN],
    ['now+1h', 'now+1h', NOW + HOUR],
    ['now-7d', 'now-7d', NOW - 7 * 86_400_000],
    ['now-500ms', 'now-500ms', NOW - 500],
    ['now-0s', 'now-0s', NOW],
  ])('%s: %j', (_name, text, expected) => {
    expect(parseTimeBound(text, 'from', NOW)).toBe(expected);
  });

  it('does not depend on the machine time zone for zone-less ISO', () => {
    // Date.parse reads "2026-11-23T10:00:00" as LOCAL time; the function must not.
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(new Date(2026, 10, 23).getTimezoneOffset()).toBe(300); // the zone change took effect
      expect(parseTimeBound('2026-11-23T10:00:00', 'from', NOW)).toBe(Date.UTC(2026, 10, 23, 10));
      expect(parseTimeBound('2026-11-23 10:00', 'from', NOW)).toBe(Date.UTC(2026, 10, 23, 10));
      expect(parseTimeBound('2026-11-23', 'from', NOW)).toBe(Date.UTC(2026, 10, 23));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['a word', 'yesterday'],
    ['NOW in capitals', 'NOW'],
    ['now with a space', 'now - 1h'],
    ['now with no unit', 'now-15'],
    ['now with a bad unit', 'now-1y'],
    ['epoch beyond year 2286', String(MAX_EPOCH_MS + 1)],
    ['17 digits', '12345678901234567'],
    ['a negative epoch', '-1'],
    ['a fractional epoch', '1.5'],
    ['month 13', '2026-13-01'],
    ['hour 25', '2026-11-23T25:00:00Z'],
    ['slashes', '2026/11/23'],
    ['US order', '11-23-2026'],
    ['minute 60', '2026-11-23T10:60Z'],
    ['second 60', '2026-11-23T10:00:60Z'],
    ['day 0', '2026-11-00'],
    ['SQL', "1; DROP TABLE log_entries"],
  ])('%s (%j) → bad_request naming the field', (_name, text) => {
    const e = badRequest(() => parseTimeBound(text, 'to', NOW));
    expect(e.message).toMatch(/^to: /);
    expect(e.message).toContain('not a time');
  });

  // V8's Date.parse alone rolls impossible days over (2026-02-30 → 2026-03-02) instead of failing.
  it.each(['2026-02-30', '2026-04-31T00:00:00Z', '2025-02-29T12:00:00'])('an impossible calendar day %j → bad_request', (text) => {
    badRequest(() => parseTimeBound(text, 'from', NOW));
  });

  it('quotes at most 40 characters of the input back', () => {
    const e = badRequest(() => parseTimeBound('x'.repeat(500), 'from', NOW));
    expect(e.message).toContain(`"${'x'.repeat(40)}"`);
    expect(e.message).not.toContain('x'.repeat(41));
  });
});

describe('parseIso', () => {
  it.each<[string, boolean, number | null]>([
    ['2026-11-23T10:00:00Z', true, Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T10:00:00.5+01:00', true, Date.UTC(2026, 10, 23, 9, 0, 0, 500)],
    ['2026-11-23T10:00:00.123456789Z', true, Date.UTC(2026, 10, 23, 10, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', true, Date.UTC(2024, 1, 29)],
    ['2026-11-23T10:00:00', true, null],
    ['2026-11-23Z', true, null],
    ['2026-11-23', true, null],
    ['2026-11-23T10:00:00', false, Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23', false, Date.UTC(2026, 10, 23)],
    ['2026-02-29T00:00:00Z', true, null],
    ['2026-00-10T00:00:00Z', true, null],
    ['2026-11-23T23:59:59Z', true, Date.UTC(2026, 10, 23, 23, 59, 59)],
    ['2026-11-23T24:00:00Z', true, null],
    ['1969-12-31T23:59:59Z', true, null],
    [' 2026-11-23T10:00:00Z', true, null],
    ['2026-11-23T10:00:00ZZ', true, null],
  ])('parseIso(%j, requireZone %s) → %s', (text, requireZone, expected) => {
    expect(parseIso(text, requireZone)).toBe(expected);
  });
});

describe('parseRange', () => {
  it('parses both bounds', () => {
    expect(parseRange({ from: 'now-1h', to: 'now' }, NOW, null)).toEqual({ from: NOW - HOUR, to: NOW });
  });

  it('uses the default start when from is missing', () => {
    expect(parseRange({}, NOW, 'now-24h')).toEqual({ from: NOW - 24 * HOUR, to: null });
  });

  it('leaves both open with no input and no default', () => {
    expect(parseRange({}, NOW, null)).toEqual({ from: null, to: null });
  });

  it('an explicit from wins over the default', () => {
    expect(parseRange({ from: '0' }, NOW, 'now-24h').from).toBe(0);
  });

  it('accepts from equal to to', () => {
    expect(parseRange({ from: 'now', to: 'now' }, NOW, null)).toEqual({ from: NOW, to: NOW });
  });

  it('rejects from after to', () => {
    const e = badRequest(() => parseRange({ from: 'now', to: 'now-1m' }, NOW, null));
    expect(e.message).toMatch(/^from: .*after its end/);
  });

  it('rejects a default start after an explicit end', () => {
    badRequest(() => parseRange({ to: 'now-2d' }, NOW, 'now-24h'));
  });

  it.each<[{ from?: string; to?: string }, string]>([
    [{ from: 'soon' }, 'from: '],
    [{ to: 'later' }, 'to: '],
    [{ from: 'now', to: 'later' }, 'to: '],
  ])('%j names the bad bound', (input, prefix) => {
    expect(badRequest(() => parseRange(input, NOW, null)).message.startsWith(prefix)).toBe(true);
  });
});
