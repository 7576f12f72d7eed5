/**
 * rate/increase/delta over sliding windows (rateSteps: cursors, and no reset walk for series
 * that never decrease) against the plain evaluation: a binary search per window and the
 * counter-reset walk every time. Random series with and without resets, duplicates of values,
 * negative zero, NaN, random steps, ranges and offsets: results must be identical.
 */
import { describe, expect, it } from 'vitest';
import { extrapolatedRate, noDecrease, rateSteps } from '../../../../../src/core/query/metrics/functions';
import { window, type SeriesData } from '../../../../../src/core/query/metrics/values';
import { prng } from '../../../../support/random';

const r = prng(20261123);
const MIN = 60_000;

/** grid: samples, instants, ranges and offsets on whole minutes, so window edges hit samples. */
function series(grid: boolean): SeriesData {
  const ts: number[] = [];
  const values: number[] = [];
  let t = 1_790_000_000_000 + (grid ? 0 : Math.floor(r() * 1e6));
  let v = r() < 0.2 ? 0 : Math.floor(r() * 100);
  const resets = r() < 0.5;
  const n = Math.floor(r() * 300);
  for (let i = 0; i < n; i++) {
    t += grid ? MIN * (1 + Math.floor(r() * 3)) : 1 + Math.floor(r() * (r() < 0.1 ? 30 * MIN : 3 * MIN));
    const k = r();
    if (resets && k < 0.05) v = Math.floor(r() * 10);
    else if (k < 0.08 && (resets || v === 0)) v = -0;
    else if (k < 0.09 && resets) v = NaN;
    else if (k < 0.5) v += Math.floor(r() * 50) + r();
    ts.push(t);
    values.push(v);
  }
  return { ts, values };
}

describe('rate over sliding windows', () => {
  it('is identical to a binary search and reset walk per window', () => {
    let steady = 0;
    for (let trial = 0; trial < 300; trial++) {
      const grid = r() < 0.5;
      const d = series(grid);
      const unit = grid ? MIN : 1;
      const first = (d.ts[0] ?? 1_790_000_000_000) - unit * Math.floor((r() * 60 * MIN) / unit);
      const step = unit * (1 + Math.floor((r() * 10 * MIN) / unit));
      const times = Array.from({ length: 1 + Math.floor(r() * 200) }, (_, i) => first + i * step);
      const range = [MIN, 5 * MIN, 60 * MIN, unit * (1 + Math.floor((r() * 90 * MIN) / unit))][Math.floor(r() * 4)] as number;
      const offset = r() < 0.3 ? unit * Math.floor((r() * 30 * MIN) / unit) : 0;
      for (const [counter, isRate] of [[true, true], [true, false], [false, false]] as const) {
        const plain = times.map((t) => {
          const from = t - offset - range;
          const to = t - offset;
          const w = window(d.ts, from, to);
          return extrapolatedRate(d, w.lo, w.hi, from, to, counter, isRate);
        });
        const fast = rateSteps(d, times, offset, range, counter, isRate);
        if (counter && noDecrease(d.values) && fast.some((x) => x !== null)) steady++;
        expect(fast.map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(plain.map((x) => (Object.is(x, -0) ? '-0' : x)));
      }
    }
    // Both ways exercised: series without any decrease (no reset walk) and with.
    expect(steady).toBeGreaterThan(100);
  });
});
