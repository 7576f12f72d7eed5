/**
 * Quantile sketches: read in place from the stored bytes (one bucket's window) gives exactly
 * what decoding to a Map does, and either answers within the sketch's error of the true
 * quantile for random values of both signs, zeros and wide magnitudes.
 */
import { describe, expect, it } from 'vitest';
import { decodeSketch, encodeSketch, sketchAdd, sketchQuantile, sketchQuantileEncoded, type Sketch } from '../../../../../src/core/query/metrics/sketch';
import { prng } from '../../../../support/random';

const r = prng(20261126);

function randomValues(): number[] {
  const n = 1 + Math.floor(r() * 200);
  const scale = 10 ** Math.floor(r() * 12 - 4);
  return Array.from({ length: n }, () => (r() < 0.05 ? 0 : (r() < 0.3 ? -1 : 1) * r() * scale));
}

/** The sample at rank floor(φ·(n−1))…: the sketch answers a value in that sample's bucket or the next. */
function trueQuantile(values: number[], phi: number): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = phi * (sorted.length - 1);
  return [sorted[Math.floor(rank)] as number, sorted[Math.min(sorted.length - 1, Math.floor(rank) + 1)] as number];
}

describe('quantile sketches', () => {
  it('answer the same from the encoded bytes as from the decoded sketch, within ±2 % of a true quantile', () => {
    for (let trial = 0; trial < 300; trial++) {
      const values = randomValues();
      const s: Sketch = new Map();
      for (const v of values) sketchAdd(s, v);
      const bytes = encodeSketch(s);
      for (const phi of [-0.5, 0, 0.01, 0.5, 0.9, 0.95, 0.99, 1, 1.5, r()]) {
        const fromMap = sketchQuantile(decodeSketch(bytes), phi);
        expect(sketchQuantileEncoded(bytes, phi), `phi ${phi}`).toBe(fromMap);
        if (phi < 0 || phi > 1) continue;
        const [lo, hi] = trueQuantile(values, phi);
        const tol = (x: number) => 0.02 * Math.abs(x) + 1e-9;
        expect(fromMap >= Math.min(lo, hi) - tol(lo) && fromMap <= Math.max(lo, hi) + tol(hi), `${fromMap} not near ${lo}…${hi}`).toBe(true);
      }
    }
  });

  it('an empty sketch has no quantile', () => {
    expect(sketchQuantileEncoded(encodeSketch(new Map()), 0.5)).toBeNaN();
  });
});
