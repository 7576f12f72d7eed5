/** Time buckets for charts: sizes people read easily, aligned to multiples of the size. */

/** Most buckets one histogram answers; beyond it a chart is unreadable and the answer large. */
export const MAX_BUCKETS = 1000;

/** Bucket size from the range: about 60 buckets, rounded to a size people read easily. */
export function pickBucket(spanMs: number): number {
  const steps = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];
  return steps.find((s) => spanMs / s <= 90) ?? steps[steps.length - 1]!;
}

/** Start of the bucket holding `t`: buckets sit on multiples of their size since the epoch. */
export function bucketStart(t: number, bucketMs: number): number {
  return Math.floor(t / bucketMs) * bucketMs;
}

/**
 * Starts of every bucket touching [from, to] (both inclusive), oldest first: the first holds
 * `from`, the last holds `to`. Aligned starts mean the same instant always lands in the same
 * bucket whatever range a chart asks for, so panning does not reshuffle counts.
 */
export function bucketStarts(from: number, to: number, bucketMs: number): number[] {
  const first = bucketStart(from, bucketMs);
  const n = bucketCount(from, to, bucketMs);
  return Array.from({ length: n }, (_, i) => first + i * bucketMs);
}

export function bucketCount(from: number, to: number, bucketMs: number): number {
  if (to < from) return 0;
  return (bucketStart(to, bucketMs) - bucketStart(from, bucketMs)) / bucketMs + 1;
}
