/** What expressions evaluate to, at every step of an evaluation at once. */
export type Labels = Record<string, string>;

/** Samples of one series (raw, or one point per rollup bucket with its statistics). */
export interface SeriesData {
  ts: number[];
  values: number[];
  /** Present when the points are rollup buckets read for their statistics (RollupNeed 'stats'). */
  agg?: { min: number[]; max: number[]; sum: number[]; count: number[] };
  /**
   * Present when the points are rollup buckets read for quantiles (RollupNeed 'sketch'): each
   * bucket's sketch, encoded (null: the bucket holds one sample, its value).
   */
  sketch?: (Uint8Array | null)[];
}

export interface Scalar {
  kind: 'scalar';
  values: number[];
}
/** One value (or null: no value) per step per series. */
export interface Vector {
  kind: 'vector';
  series: { labels: Labels; values: (number | null)[] }[];
}
export interface Matrix {
  kind: 'matrix';
  series: { labels: Labels; data: SeriesData }[];
  range: number;
  offset: number;
}
export interface Str {
  kind: 'string';
  value: string;
}
export type Value = Scalar | Vector | Matrix | Str;

export interface Window {
  lo: number;
  /** exclusive */
  hi: number;
}

/** First index with ts >= t. */
export function lowerBound(ts: number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices of samples with from <= ts <= to. */
export function window(ts: number[], from: number, to: number): Window {
  return { lo: lowerBound(ts, from), hi: lowerBound(ts, to + 1) };
}

export function dropName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _, ...rest } = labels;
  return rest;
}

/** A stable identity for a label set. */
export function signature(labels: Labels, keep?: (k: string) => boolean): string {
  return JSON.stringify(
    Object.keys(labels)
      .filter((k) => (keep ? keep(k) : true))
      .sort()
      .map((k) => [k, labels[k]]),
  );
}
