/**
 * Functions over range vectors (rate, increase, delta, *_over_time, quantiles) with
 * Prometheus's semantics, including its extrapolation and counter-reset handling, and the
 * per-bucket statistics when the points are rollups.
 */
import { sketchAdd, sketchMergeEncoded, sketchQuantile, sketchQuantileEncoded, type Sketch } from './sketch';
import { window, type SeriesData } from './values';

/** Prometheus's extrapolatedRate (promql/functions.go, 2.x). */
export function extrapolatedRate(d: SeriesData, lo: number, hi: number, rangeStart: number, rangeEnd: number, isCounter: boolean, isRate: boolean, noDecrease = false): number | null {
  if (hi - lo < 2) return null;
  const firstT = d.ts[lo] as number;
  const firstV = d.values[lo] as number;
  const lastT = d.ts[hi - 1] as number;
  let result: number;
  // `noDecrease`: no value of the series is below the one before (noDecrease()), so the loop
  // below would add no correction: the same result (+ 0 as there) without walking the window.
  if (isCounter && noDecrease) result = (d.values[hi - 1] as number) - firstV + 0;
  else if (isCounter) {
    // A value lower than the one before means the counter restarted from zero.
    let correction = 0;
    let prev = firstV;
    for (let i = lo + 1; i < hi; i++) {
      const v = d.values[i] as number;
      if (v < prev) correction += prev;
      prev = v;
    }
    result = prev - firstV + correction;
  } else result = (d.values[hi - 1] as number) - firstV;
  let durationToStart = (firstT - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - lastT) / 1000;
  const sampled = (lastT - firstT) / 1000;
  const avgBetween = sampled / (hi - lo - 1);
  if (isCounter && result > 0 && firstV >= 0) {
    const durationToZero = sampled * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = avgBetween * 1.1;
  let interval = sampled;
  interval += durationToStart < threshold ? durationToStart : avgBetween / 2;
  interval += durationToEnd < threshold ? durationToEnd : avgBetween / 2;
  result *= interval / sampled;
  if (isRate) result /= (rangeEnd - rangeStart) / 1000;
  return result;
}

/**
 * rate/increase/delta of one series at every instant (ascending). The windows slide forward
 * with the instants: two cursors instead of two binary searches per step, and no walk of each
 * window for counter resets when the series has none (a third of `sum by (…) (rate(…[1h]))`).
 */
export function rateSteps(d: SeriesData, times: number[], offset: number, range: number, isCounter: boolean, isRate: boolean): (number | null)[] {
  const steady = isCounter && noDecrease(d.values);
  const ts = d.ts;
  let lo = 0;
  let hi = 0;
  return times.map((t) => {
    const from = t - offset - range;
    const to = t - offset;
    // As window(): lo the first sample at or after `from`, hi the first after `to`.
    while (lo < ts.length && (ts[lo] as number) < from) lo++;
    if (hi < lo) hi = lo;
    while (hi < ts.length && (ts[hi] as number) < to + 1) hi++;
    return extrapolatedRate(d, lo, hi, from, to, isCounter, isRate, steady);
  });
}

/** Whether no value is below the one before it (no counter reset anywhere in the series). */
export function noDecrease(values: number[]): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}

/** Prometheus's quantile over sorted values: rank φ·(n−1), linear interpolation. */
export function quantileOf(phi: number, values: number[]): number {
  if (values.length === 0) return NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = phi * (sorted.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(sorted.length - 1, lower + 1);
  const w = rank - Math.floor(rank);
  return (sorted[lower] as number) * (1 - w) + (sorted[upper] as number) * w;
}

export type OverTime = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last' | 'quantile' | 'stddev';

/** An *_over_time aggregate of the samples (or rollup buckets) in [from, to]. */
export function overTime(fn: OverTime, d: SeriesData, from: number, to: number, phi = 0): number | null {
  const { lo, hi } = window(d.ts, from, to);
  if (hi <= lo) return null;
  const agg = d.agg;
  if (fn === 'last') return d.values[hi - 1] as number;
  if (fn === 'quantile') return quantileIn(d, lo, hi, phi);
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = lo; i < hi; i++) {
    sum += agg ? (agg.sum[i] as number) : (d.values[i] as number);
    count += agg ? (agg.count[i] as number) : 1;
    min = Math.min(min, agg ? (agg.min[i] as number) : (d.values[i] as number));
    max = Math.max(max, agg ? (agg.max[i] as number) : (d.values[i] as number));
  }
  switch (fn) {
    case 'avg':
      return sum / count;
    case 'sum':
      return sum;
    case 'count':
      return count;
    case 'min':
      return min;
    case 'max':
      return max;
    case 'stddev': {
      if (agg) return null;
      const mean = sum / count;
      let sq = 0;
      for (let i = lo; i < hi; i++) sq += ((d.values[i] as number) - mean) ** 2;
      return Math.sqrt(sq / count);
    }
  }
}

/** The φ-quantile of samples [lo, hi): exact from raw samples, from the sketches of rollup buckets. */
function quantileIn(d: SeriesData, lo: number, hi: number, phi: number): number {
  const sketches = d.sketch;
  if (!sketches) {
    if (d.agg) throw new Error('quantile over rollups read without their sketches');
    return quantileOf(phi, d.values.slice(lo, hi));
  }
  const only = hi - lo === 1 ? sketches[lo] : null;
  if (only) return sketchQuantileEncoded(only, phi);
  const merged: Sketch = new Map();
  for (let i = lo; i < hi; i++) {
    const s = sketches[i];
    if (s) sketchMergeEncoded(merged, s);
    else sketchAdd(merged, d.values[i] as number);
  }
  return sketchQuantile(merged, phi);
}

/** Prometheus's bucketQuantile over cumulative `le` buckets. */
export function histogramQuantile(phi: number, buckets: { le: number; count: number }[]): number {
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const b = [...buckets].sort((x, y) => x.le - y.le);
  // Buckets with the same bound (e.g. "1" and "1.0") are one bucket.
  const merged: { le: number; count: number }[] = [];
  for (const x of b) {
    const last = merged[merged.length - 1];
    if (last && last.le === x.le) last.count += x.count;
    else merged.push({ ...x });
  }
  if (merged.length < 2 || (merged[merged.length - 1] as { le: number }).le !== Infinity) return NaN;
  for (let i = 1; i < merged.length; i++) {
    const prev = merged[i - 1] as { count: number };
    const cur = merged[i] as { count: number };
    if (cur.count < prev.count) cur.count = prev.count;
  }
  const observations = (merged[merged.length - 1] as { count: number }).count;
  if (observations === 0) return NaN;
  let rank = phi * observations;
  let idx = merged.findIndex((x) => x.count >= rank);
  if (idx < 0) idx = merged.length - 1;
  if (idx === merged.length - 1) return (merged[merged.length - 2] as { le: number }).le;
  if (idx === 0 && (merged[0] as { le: number }).le <= 0) return (merged[0] as { le: number }).le;
  let start = 0;
  const end = (merged[idx] as { le: number }).le;
  let count = (merged[idx] as { count: number }).count;
  if (idx > 0) {
    const prev = merged[idx - 1] as { le: number; count: number };
    start = prev.le;
    count -= prev.count;
    rank -= prev.count;
  }
  return start + (end - start) * (rank / count);
}
