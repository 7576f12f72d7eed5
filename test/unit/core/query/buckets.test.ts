import { describe, expect, it } from 'vitest';
import { bucketCount, bucketStart, bucketStarts, pickBucket } from '../../../../src/core/query/buckets';

const MIN = 60_000;

describe('bucket alignment', () => {
  it('puts a bucket start on a multiple of its size, at or before the instant', () => {
    expect(bucketStart(0, MIN)).toBe(0);
    expect(bucketStart(MIN - 1, MIN)).toBe(0);
    expect(bucketStart(MIN, MIN)).toBe(MIN);
    expect(bucketStart(1_768_046_400_123, 7 * MIN)).toBe(1_768_046_280_000);
  });

  it('covers [from, to] inclusive: first holds from, last holds to, no gaps', () => {
    expect(bucketStarts(90_000, 90_000, MIN)).toEqual([60_000]);
    expect(bucketStarts(90_000, 120_000, MIN)).toEqual([60_000, 120_000]);
    expect(bucketStarts(60_000, 179_999, MIN)).toEqual([60_000, 120_000]);
    expect(bucketCount(10, 5, MIN)).toBe(0);
  });

  it('holds for random ranges and sizes', () => {
    for (let i = 0; i < 500; i++) {
      const size = 1 + Math.floor(Math.random() * 10 * MIN);
      const from = Math.floor(Math.random() * 1e12);
      const to = from + Math.floor(Math.random() * 200 * size);
      const starts = bucketStarts(from, to, size);
      expect(starts.length).toBe(bucketCount(from, to, size));
      expect(starts[0]! % size).toBe(0);
      expect(starts[0]! <= from && from < starts[0]! + size).toBe(true);
      const last = starts.at(-1)!;
      expect(last <= to && to < last + size).toBe(true);
      starts.forEach((t, j) => expect(t).toBe(starts[0]! + j * size));
    }
  });

  it('pickBucket gives at most 90 buckets for a day', () => {
    expect(bucketCount(0, 86_400_000, pickBucket(86_400_000))).toBeLessThanOrEqual(91);
  });
});
