/**
 * The query_range `data` written as text on the query thread is exactly JSON.stringify of the
 * object the route used to build: random label text (quotes, backslashes, control characters,
 * non-ASCII), values of every kind (NaN, ±Inf, tiny, huge, negative zero), fractional times.
 */
import { describe, expect, it } from 'vitest';
import { promMatrixJson, promValue } from '../../../../../src/core/query/metrics/prometheus-json';
import type { RangeResult } from '../../../../../src/core/query/metrics/index';
import { prng } from '../../../../support/random';

const r = prng(20261127);
const CHARS = ['a', 'Z', '"', '\\', '\n', '\u0001', 'é', '😀', '\u2028', ' ', '{', '}'];
const text = () => Array.from({ length: Math.floor(r() * 8) }, () => CHARS[Math.floor(r() * CHARS.length)]).join('');
const VALUES = [NaN, Infinity, -Infinity, -0, 0, 1e-300, 1.7976931348623157e308, -123.456, 5e-7, 1e21];
const value = () => (r() < 0.3 ? VALUES[Math.floor(r() * VALUES.length)]! : (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15));

describe('Prometheus matrix JSON', () => {
  it('is byte for byte JSON.stringify of the same answer as objects', () => {
    for (let trial = 0; trial < 200; trial++) {
      const series: RangeResult['series'] = Array.from({ length: Math.floor(r() * 4) }, () => ({
        labels: Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [text(), text()])),
        points: Array.from({ length: Math.floor(r() * 20) }, () => [1_700_000_000_000 + Math.floor(r() * 1e9), value()] as [number, number]),
      }));
      const result: RangeResult = { series, resolution: 'raw', stepMs: 1000 };
      const expected = JSON.stringify({ resultType: 'matrix', result: series.map((s) => ({ metric: s.labels, values: s.points.map(([t, v]) => [t / 1000, promValue(v)]) })) });
      expect(promMatrixJson(result)).toBe(expected);
    }
  });
});
