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
  let total = 0;
  for (const n of s.values()) total += n;
  if (total === 0) return NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  // Keys sorted in the order of their values (no representative computed per key: a
  // quantile over many buckets spent most of its time in Math.pow).
  const keys = [...s.keys()].sort((a, b) => keyOrder(a) - keyOrder(b));
  const rank = phi * (total - 1);
  let seen = 0;
  for (const k of keys) {
    seen += s.get(k) as number;
    if (seen > rank) return representative(k);
  }
  return representative(keys[keys.length - 1] as number);
}

/**
 * sketchQuantile of one encoded sketch, read in place (no Map): the common window of one
 * bucket. Same keys, counts, order and rank rule, so the same answer.
 */
export function sketchQuantileEncoded(b: Uint8Array, phi: number): number {
  const n = b.length >> 3;
  const keys = new Array<number>(n);
  const counts = new Map<number, number>();
  let total = 0;
  for (let i = 0, o = 0; i < n; i++, o += 8) {
    const k = u32(b, o);
    const c = u32(b, o + 4);
    keys[i] = k;
    counts.set(k, c);
    total += c;
  }
  if (total === 0) return NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  keys.sort((x, y) => keyOrder(x) - keyOrder(y));
  const rank = phi * (total - 1);
  let seen = 0;
  for (const k of keys) {
    seen += counts.get(k) as number;
    if (seen > rank) return representative(k);
  }
  return representative(keys[n - 1] as number);
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) + (b[o + 3] as number) * 0x1000000;
}

/** A number ordered as the key's values are: negatives (larger magnitude first), zero, positives. */
function keyOrder(key: number): number {
  if (key === 0) return 0;
  return key % 2 === 1 ? 1 + (key - 1) / 2 : -(1 + (key - 2) / 2);
}

/** Add an encoded sketch's counts into `into` (no intermediate Map). */
export function sketchMergeEncoded(into: Sketch, b: Uint8Array): void {
  const view = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 0; o + 8 <= view.length; o += 8) {
    const k = view.readUInt32LE(o);
    into.set(k, (into.get(k) ?? 0) + view.readUInt32LE(o + 4));
  }
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
