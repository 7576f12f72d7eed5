/**
 * Aggregations over many series answered by SQLite from rollup buckets, for the shapes where
 * that gives what the evaluator would compute series by series:
 *
 *   sum|avg|min|max|count [by|without (…)] (selector)                   on 1 h / 1 d rollups
 *   max (max_over_time(s[S])), min (min_over_time(s[S])),
 *   sum (sum_over_time(s[S])), sum (count_over_time(s[S]))              window = step
 *
 * Anything else, or any selected series that would be read raw (rollups not rebuilt yet, or
 * too sparse), returns null and the evaluator proceeds as usual. min, max and count are
 * identical to the series-by-series answer; sum and avg add in a different order (SQLite's
 * compensated sum), so they may differ in the last bits (see test/unit/core/query/metrics/pushdown.test.ts).
 */
import type { StepRow } from '../../db/repos/metric-step-aggregates';
import { groupLabels } from './ops';
import type { Expr, Matcher } from './parser';
import { dropName, signature, type Labels, type Vector } from './values';

/** What a store offers for pushdown (MetricSource.stepAggregates). */
export type StepAggregates = (
  groups: number[][],
  kind: 'instant' | 'window',
  q: { resMs: number; start: number; end: number; stepMs: number; loadFrom: number; loadTo: number },
) => (StepRow & { edge?: boolean })[][] | null;

const LOOKBACK_MS = 5 * 60_000;
const WINDOW_FNS: Record<string, 'max' | 'min' | 'sum' | 'count'> = { max_over_time: 'max', min_over_time: 'min', sum_over_time: 'sum', count_over_time: 'count' };
/** Outer aggregation that folds the inner per-series values the way SQL folds the rows. */
const WINDOW_OUTER: Record<'max' | 'min' | 'sum' | 'count', string> = { max: 'max', min: 'min', sum: 'sum', count: 'sum' };

export function tryPushdown(
  e: Extract<Expr, { type: 'aggregate' }>,
  source: { select(name: string | null, matchers: Matcher[]): { id: number; labels: Labels }[]; stepAggregates?: StepAggregates },
  matches: (labels: Labels, m: Matcher) => boolean,
  times: readonly number[],
  resMs: number,
): Vector | null {
  if (!source.stepAggregates || e.param || resMs <= 0 || times.length < 2) return null;
  if (!['sum', 'avg', 'min', 'max', 'count'].includes(e.op)) return null;
  const stepMs = (times[1] as number) - (times[0] as number);
  const inner = e.expr;
  let kind: 'instant' | 'window';
  let sel: Extract<Expr, { type: 'selector' }>;
  let fold: 'max' | 'min' | 'sum' | 'count' | null = null;
  if (inner.type === 'selector' && inner.range === null) {
    // Only when one bucket's last sample decides each step (look-back within a bucket).
    if (resMs < LOOKBACK_MS) return null;
    kind = 'instant';
    sel = inner;
  } else if (inner.type === 'call' && WINDOW_FNS[inner.fn] && inner.args.length === 1) {
    const arg = inner.args[0] as Expr;
    fold = WINDOW_FNS[inner.fn] as 'max' | 'min' | 'sum' | 'count';
    if (arg.type !== 'selector' || arg.range !== stepMs || WINDOW_OUTER[fold] !== e.op) return null;
    kind = 'window';
    sel = arg;
  } else return null;
  const start = (times[0] as number) - sel.offset;
  const end = (times[times.length - 1] as number) - sel.offset;
  if (start % resMs !== 0 || stepMs % resMs !== 0) return null;

  const groups = new Map<string, { labels: Labels; ids: number[] }>();
  for (const s of source.select(sel.name, sel.matchers)) {
    if (!sel.matchers.every((m) => matches(s.labels, m))) continue;
    const labels = groupLabels(kind === 'instant' ? s.labels : dropName(s.labels), e.grouping);
    const key = signature(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, ids: [] }));
    g.ids.push(s.id);
  }
  const list = [...groups.values()];
  const loadFrom = kind === 'instant' ? start - LOOKBACK_MS : start - stepMs;
  const rows = source.stepAggregates(
    list.map((g) => g.ids),
    kind,
    { resMs, start, end, stepMs, loadFrom, loadTo: end },
  );
  if (!rows) return null;
  const steps = times.length;
  return {
    kind: 'vector',
    series: list.map((g, i) => ({ labels: g.labels, values: kind === 'instant' ? instantValues(e.op, rows[i] as StepRow[], steps) : windowValues(fold!, rows[i] as (StepRow & { edge?: boolean })[], steps) })),
  };
}

function instantValues(op: string, rows: StepRow[], steps: number): (number | null)[] {
  const out = new Array<number | null>(steps).fill(null);
  for (const r of rows) {
    if (r.k < 0 || r.k >= steps || r.count === 0) continue;
    out[r.k] = op === 'sum' ? r.sum : op === 'avg' ? (r.sum as number) / r.count : op === 'count' ? r.count : op === 'min' ? r.min : r.max;
  }
  return out;
}

function windowValues(fold: 'max' | 'min' | 'sum' | 'count', rows: (StepRow & { edge?: boolean })[], steps: number): (number | null)[] {
  const out = new Array<number | null>(steps).fill(null);
  for (const r of rows) {
    const x = fold === 'max' ? r.max : fold === 'min' ? r.min : fold === 'sum' ? r.sum : r.count;
    if (x === null) continue;
    for (const k of r.edge ? [r.k, r.k + 1] : [r.k]) {
      if (k < 0 || k >= steps) continue;
      const y = out[k];
      out[k] = y === null || y === undefined ? x : fold === 'max' ? Math.max(y, x) : fold === 'min' ? Math.min(y, x) : y + x;
    }
  }
  return out;
}
