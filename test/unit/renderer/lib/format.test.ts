import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatInterval,
  formatPct,
  formatRelative,
  formatTimestamp,
  formatUptime,
} from '../../../../src/renderer/src/lib/format';

describe('format', () => {
  it('shows local time in ISO layout with milliseconds', () => {
    const ms = new Date(2025, 2, 14, 9, 26, 5, 89).getTime();
    expect(formatTimestamp(ms)).toBe('2025-03-14T09:26:05.089');
  });

  it('says how long ago', () => {
    const now = 1_000_000_000;
    expect(formatRelative(now - 500, now)).toBe('just now');
    expect(formatRelative(now - 42_000, now)).toBe('42s ago');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5m ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3h ago');
    expect(formatRelative(now - 2 * 86_400_000, now)).toBe('2d ago');
    // A few seconds ahead is a page's `now` older than its data, not skew worth showing.
    expect(formatRelative(now + 5_000, now)).toBe('just now');
    expect(formatRelative(now + 15_000, now)).toBe('in 15s');
    expect(formatRelative(null, now)).toBe('never');
  });

  it('formats sizes, percentages, counts and uptimes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatPct(12.345)).toBe('12.3 %');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatUptime(90_061)).toBe('1d 1h');
    expect(formatUptime(3_725)).toBe('1h 2m');
    expect(formatUptime(65)).toBe('1m 5s');
  });
});

describe('formatInterval', () => {
  it('writes intervals the way they are typed', () => {
    expect(formatInterval(10_000)).toBe('10s');
    expect(formatInterval(300_000)).toBe('5m');
    expect(formatInterval(7_200_000)).toBe('2h');
    expect(formatInterval(1_500)).toBe('1.50 s');
    expect(formatInterval(500)).toBe('500 ms');
  });
});
