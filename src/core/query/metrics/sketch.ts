/**
 * A fixed-bucket quantile sketch (log-spaced buckets, DDSketch-style): a value v > 0 falls in
 * bucket ceil(log_γ v), so any quantile read back is within ±1 % of a true sample value
 * (γ = 1.02), whatever the distribution. Sketches of two rollup buckets merge by adding counts,
 * which is what lets 1 h and 1 d rollups answer percentiles without the raw samples.
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Below this magnitude a value counts as zero (keeps the bucket count bounded). */
const MIN_MAGNITUDE = 1e-9;
const OFFSET = 1 << 20;

/** Bucket key → count. Key 0 is zero; 2·(i+OFFSET)+1 a positive bucket i, 2·(i+OFFSET)+2 a negative one. */
export type Sketch = Map<number, number>;

export function sketchKey(v: number): number {
  const m = Math.abs(v);
  if (m < MIN_MAGNITUDE || !Number.isFinite(m)) return 0;
  return 2 * (Math.ceil(Math.log(m) / LOG_GAMMA) + OFFSET) + (v > 0 ? 1 : 2);
}

export function sketchAdd(s: Sketch, v: number, count = 1): void {
  const k = sketchKey(v);
  s.set(k, (s.get(k) ?? 0) + count);
}

export function sketchMerge(into: Sketch, from: Sketch): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

function representative(key: number): number {
  if (key === 0) return 0;
  const negative = key % 2 === 0;
  const i = (negative ? (key - 2) / 2 : (key - 1) / 2) - OFFSET;
  // The middle of (γ^(i-1), γ^i] in relative terms.
  const v = (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);
  return negative ? -v : v;
}

/** The φ-quantile (0…1) with Prometheus's rank convention φ·(n−1); NaN for an empty sketch. */
export function sketchQuantile(s: Sketch, phi: number): number {
  const entries = [...s].map(([k, n]) => [representative(k), n] as const);
  entries.sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((t, e) => t + e[1], 0);
  if (total === 0) return NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const rank = phi * (total - 1);
  let seen = 0;
  for (const [v, n] of entries) {
    seen += n;
    if (seen > rank) return v;
  }
  return (entries[entries.length - 1] as readonly [number, number])[0];
}

/** Stored as little-endian (uint32 key, uint32 count) pairs: no text parsing on the write path. */
export function encodeSketch(s: Sketch): Buffer {
  const b = Buffer.allocUnsafe(s.size * 8);
  let o = 0;
  for (const [k, n] of s) {
    b.writeUInt32LE(k, o);
    b.writeUInt32LE(n, o + 4);
    o += 8;
  }
  return b;
}

export function decodeSketch(b: Uint8Array): Sketch {
  const s: Sketch = new Map();
  const view = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 0; o + 8 <= view.length; o += 8) s.set(view.readUInt32LE(o), view.readUInt32LE(o + 4));
  return s;
}
