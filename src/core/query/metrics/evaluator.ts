/**
 * Evaluates a parsed query at every step of [start, end] at once: selectors load each matching
 * series' samples for the whole window once, then every node maps step-arrays to step-arrays.
 */
import { ApiError } from '../../../shared/api/errors';
import { histogramQuantile, overTime, rateSteps, type OverTime } from './functions';
import { aggregate, binary } from './ops';
import type { RollupNeed } from '../../db/repos/rollups';
import type { Expr, Matcher } from './parser';
import { fusedAggregate, fusible } from './fused';
import { tryPushdown, type StepAggregates } from './pushdown';
import { dropName, window, type Labels, type Matrix, type SeriesData, type Value, type Vector } from './values';

/** Prometheus's default: an instant selector sees the newest sample up to 5 minutes old. */
export const LOOKBACK_MS = 5 * 60_000;

/** Where samples come from: raw samples, or rollup buckets at a resolution (ms). */
export interface MetricSource {
  select(name: string | null, matchers: Matcher[]): { id: number; labels: Labels }[];
  /** Each series' data in [from, to], in the order of `ids`; `need` says which rollup statistics the consumer reads. */
  load(ids: number[], from: number, to: number, resolutionMs: number, need: RollupNeed): SeriesData[];
  /**
   * Optional: load() one series at a time, read when asked for (i: index into ids). A fold that
   * drops each series' data before reading the next keeps the heap small: with every series
   * held at once, garbage collection copied them around and cost a fifth of a 900-series sum.
   */
  reader?(ids: number[], from: number, to: number, resolutionMs: number, need: RollupNeed): (i: number) => SeriesData;
  /** Optional: aggregates over many series folded by the store (see pushdown.ts). */
  stepAggregates?: StepAggregates;
  /** Optional: samples of the series in [from, to], counted no further than `limit` (cost estimates). */
  countSamples?(ids: number[], from: number, to: number, limit: number): number;
  /** Optional: run a whole evaluation on one consistent snapshot of the store. */
  snapshot?<T>(read: () => T): T;
}

export function matches(labels: Labels, m: Matcher): boolean {
  return matchesValue(labels[m.name] ?? '', m);
}

/** Whether a label's value (or '' when the series lacks the label) passes the matcher. */
export function matchesValue(v: string, m: Matcher): boolean {
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return (m.re as RegExp).test(v);
    case '!~':
      return !(m.re as RegExp).test(v);
  }
}

export const OVER_TIME: Record<string, OverTime> = {
  avg_over_time: 'avg',
  min_over_time: 'min',
  max_over_time: 'max',
  sum_over_time: 'sum',
  count_over_time: 'count',
  last_over_time: 'last',
  stddev_over_time: 'stddev',
};
export const MATH: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  round: Math.round,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
};
export const PERCENTILES: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

export class Evaluator {
  readonly steps: number;
  constructor(
    private readonly source: MetricSource,
    private readonly times: number[],
    private readonly resolutionMs: number,
    /** false: evaluate series by series even where the store could fold (tests compare the two). */
    private readonly pushdown = true,
  ) {
    this.steps = times.length;
  }

  eval(e: Expr): Value {
    switch (e.type) {
      case 'number':
        return { kind: 'scalar', values: this.times.map(() => e.value) };
      case 'string':
        return { kind: 'string', value: e.value };
      case 'selector':
        return e.range === null ? this.instant(e) : this.matrix(e);
      case 'unary': {
        const v = this.eval(e.expr);
        if (e.op === '+') return v;
        return binary({ op: '*', bool: false, matching: null }, v, { kind: 'scalar', values: this.times.map(() => -1) }, this.steps);
      }
      case 'binary':
        return binary(e, this.eval(e.lhs), this.eval(e.rhs), this.steps);
      case 'aggregate': {
        const pushed = this.pushdown ? tryPushdown(e, this.source, matches, this.times, this.resolutionMs) : null;
        if (pushed) return pushed;
        if (this.pushdown && fusible(e)) {
          const sel = e.expr;
          const from = (this.times[0] as number) - sel.offset - LOOKBACK_MS;
          const to = (this.times[this.steps - 1] as number) - sel.offset;
          const selected = this.selected(sel.name, sel.matchers);
          const read = this.reader(selected.map((s) => s.id), from, to, 'points');
          return fusedAggregate(e, selected, read, this.steps, (d, out, present) => this.newestInto(d, sel.offset, out, present));
        }
        const v = this.eval(e.expr);
        if (v.kind !== 'vector') throw fail(e.pos, `${e.op}() needs an instant vector`);
        const param = e.param ? this.scalarArg(e.param, e.op) : null;
        return aggregate(e.op, e.grouping, param, v, this.steps);
      }
      case 'call':
        return this.call(e);
    }
  }

  private selected(name: string | null, matchers: Matcher[]): { id: number; labels: Labels }[] {
    return this.source.select(name, matchers).filter((s) => matchers.every((m) => matches(s.labels, m)));
  }

  private instant(e: Extract<Expr, { type: 'selector' }>): Vector {
    const first = (this.times[0] as number) - e.offset;
    const last = (this.times[this.steps - 1] as number) - e.offset;
    const selected = this.selected(e.name, e.matchers);
    const read = this.reader(selected.map((s) => s.id), first - LOOKBACK_MS, last, 'points');
    return {
      kind: 'vector',
      series: selected.map((s, i) => ({ labels: s.labels, values: this.newestAt(read(i), e.offset) })),
    };
  }

  /**
   * Per step, the newest sample at or before the instant and at most LOOKBACK_MS old. The
   * instants ascend, so one cursor walks the samples once (no search per step).
   */
  private newestAt(d: SeriesData, offset: number): (number | null)[] {
    const x = new Float64Array(this.steps);
    const present = new Uint8Array(this.steps);
    this.newestInto(d, offset, x, present);
    return Array.from({ length: this.steps }, (_, k) => (present[k] ? (x[k] as number) : null));
  }

  /** newestAt into preallocated arrays (fused.ts folds them without an array per series). */
  private newestInto(d: SeriesData, offset: number, out: Float64Array, present: Uint8Array): void {
    const ts = d.ts;
    let next = 0; // first sample after the current instant
    for (let k = 0; k < this.steps; k++) {
      const at = (this.times[k] as number) - offset;
      while (next < ts.length && (ts[next] as number) <= at) next++;
      const i = next - 1;
      const ok = i >= 0 && (ts[i] as number) >= at - LOOKBACK_MS;
      present[k] = ok ? 1 : 0;
      out[k] = ok ? (d.values[i] as number) : 0;
    }
  }

  private matrix(e: Extract<Expr, { type: 'selector' }>, need: RollupNeed = 'points'): Matrix {
    const range = e.range as number;
    const first = (this.times[0] as number) - e.offset;
    const last = (this.times[this.steps - 1] as number) - e.offset;
    const selected = this.selected(e.name, e.matchers);
    const read = this.reader(selected.map((s) => s.id), first - range, last, need);
    // Each series' data is read when a function reaches it and not kept (functions read it once
    // per series): one series' samples alive at a time, as in fused.ts. Held all at once, 90
    // series of sketches made garbage collection a quarter of a 30-day quantile_over_time.
    return { kind: 'matrix', series: selected.map((s, i) => ({ labels: s.labels, get data() { return read(i); } })), range, offset: e.offset };
  }

  /** Series i of `ids` when asked for: the source's reader, or else everything loaded at once. */
  private reader(ids: number[], from: number, to: number, need: RollupNeed): (i: number) => SeriesData {
    if (this.source.reader) return this.source.reader(ids, from, to, this.resolutionMs, need);
    const data = this.source.load(ids, from, to, this.resolutionMs, need);
    return (i) => data[i] as SeriesData;
  }

  private scalarArg(e: Expr, fn: string): number[] {
    const v = this.eval(e);
    if (v.kind !== 'scalar') throw fail(e.pos, `${fn}(): this argument must be a number`);
    return v.values;
  }

  /** The range-vector argument; `need` is what the function reads of rollup buckets. */
  private matrixArg(e: Extract<Expr, { type: 'call' }>, index: number, need: RollupNeed = 'points'): Matrix {
    const arg = e.args[index];
    if (!arg) throw fail(e.pos, `${e.fn}() needs a range vector argument such as x[5m]`);
    const v = this.evalNeeding(arg, need);
    if (v.kind !== 'matrix') throw fail(arg.pos, `${e.fn}() needs a range vector such as x[5m], not ${v.kind === 'vector' ? 'an instant vector' : 'a ' + v.kind}`);
    return v;
  }

  /** Range vectors come only from selectors (no subqueries): load just what the caller reads. */
  private evalNeeding(e: Expr, need: RollupNeed): Value {
    return e.type === 'selector' && e.range !== null ? this.matrix(e, need) : this.eval(e);
  }

  private perWindow(m: Matrix, f: (d: SeriesData, from: number, to: number) => number | null): Vector {
    return {
      kind: 'vector',
      series: m.series.map((s) => {
        const d = s.data; // once: a matrix reads it on each access (matrix())
        return { labels: dropName(s.labels), values: this.times.map((t) => f(d, t - m.offset - m.range, t - m.offset)) };
      }),
    };
  }

  private arity(e: Extract<Expr, { type: 'call' }>, n: number): void {
    if (e.args.length !== n) throw fail(e.pos, `${e.fn}() takes ${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`);
  }

  private call(e: Extract<Expr, { type: 'call' }>): Value {
    const fn = e.fn;
    if (fn === 'rate' || fn === 'increase' || fn === 'delta') {
      this.arity(e, 1);
      const counter = fn !== 'delta';
      const m = this.matrixArg(e, 0);
      return {
        kind: 'vector',
        series: m.series.map((s) => ({ labels: dropName(s.labels), values: rateSteps(s.data, this.times, m.offset, m.range, counter, fn === 'rate') })),
      };
    }
    if (fn === 'irate' || fn === 'idelta') {
      this.arity(e, 1);
      return this.perWindow(this.matrixArg(e, 0), (d, from, to) => {
        const w = window(d.ts, from, to);
        if (w.hi - w.lo < 2) return null;
        const a = d.values[w.hi - 2] as number;
        const b = d.values[w.hi - 1] as number;
        if (fn === 'idelta') return b - a;
        const dt = ((d.ts[w.hi - 1] as number) - (d.ts[w.hi - 2] as number)) / 1000;
        return (b < a ? b : b - a) / dt;
      });
    }
    const over = OVER_TIME[fn];
    if (over) {
      this.arity(e, 1);
      const m = this.matrixArg(e, 0, over === 'last' ? 'points' : 'stats');
      const v = this.perWindow(m, (d, from, to) => overTime(over, d, from, to));
      // last_over_time keeps the metric name, as in Prometheus.
      if (over === 'last') v.series.forEach((s, i) => (s.labels = m.series[i]!.labels));
      return v;
    }
    if (fn === 'quantile_over_time') {
      this.arity(e, 2);
      const phi = this.scalarArg(e.args[0] as Expr, fn);
      return this.perWindowIndexed(this.matrixArg(e, 1, 'sketch'), (d, from, to, step) => overTime('quantile', d, from, to, phi[step] as number));
    }
    const pct = PERCENTILES[fn];
    if (pct !== undefined || fn === 'histogram_quantile') {
      const phiArgs = pct === undefined ? 2 : 1;
      this.arity(e, phiArgs);
      const phi = pct === undefined ? this.scalarArg(e.args[0] as Expr, fn) : this.times.map(() => pct);
      const arg = e.args[phiArgs - 1] as Expr;
      const v = this.evalNeeding(arg, 'sketch');
      if (v.kind === 'matrix' && pct !== undefined) return this.perWindowIndexed(v, (d, from, to, step) => overTime('quantile', d, from, to, phi[step] as number));
      if (v.kind !== 'vector') throw fail(arg.pos, `${fn}() needs histogram buckets (an instant vector with an le label)${pct !== undefined ? ' or a range vector such as x[5m]' : ''}`);
      return bucketsQuantile(v, phi, this.steps);
    }
    const math = MATH[fn];
    if (math) {
      this.arity(e, 1);
      const v = this.eval(e.args[0] as Expr);
      if (v.kind === 'scalar') return { kind: 'scalar', values: v.values.map(math) };
      if (v.kind !== 'vector') throw fail(e.pos, `${fn}() needs an instant vector`);
      return { kind: 'vector', series: v.series.map((s) => ({ labels: dropName(s.labels), values: s.values.map((x) => (x === null ? null : math(x))) })) };
    }
    if (fn === 'clamp_min' || fn === 'clamp_max') {
      this.arity(e, 2);
      const v = this.eval(e.args[0] as Expr);
      const bound = this.scalarArg(e.args[1] as Expr, fn);
      if (v.kind !== 'vector') throw fail(e.pos, `${fn}() needs an instant vector`);
      const f = fn === 'clamp_min' ? Math.max : Math.min;
      return { kind: 'vector', series: v.series.map((s) => ({ labels: dropName(s.labels), values: s.values.map((x, i) => (x === null ? null : f(x, bound[i] as number))) })) };
    }
    if (fn === 'time') {
      this.arity(e, 0);
      return { kind: 'scalar', values: this.times.map((t) => t / 1000) };
    }
    if (fn === 'vector') {
      this.arity(e, 1);
      return { kind: 'vector', series: [{ labels: {}, values: this.scalarArg(e.args[0] as Expr, fn) }] };
    }
    if (fn === 'scalar') {
      this.arity(e, 1);
      const v = this.eval(e.args[0] as Expr);
      if (v.kind !== 'vector') throw fail(e.pos, 'scalar() needs an instant vector');
      const at = (i: number) => {
        const xs = v.series.filter((s) => s.values[i] !== null);
        return xs.length === 1 ? (xs[0]!.values[i] as number) : NaN;
      };
      return { kind: 'scalar', values: this.times.map((_, i) => at(i)) };
    }
    throw fail(e.pos, `unknown function ${fn}()`);
  }

  private perWindowIndexed(m: Matrix, f: (d: SeriesData, from: number, to: number, step: number) => number | null): Vector {
    return {
      kind: 'vector',
      series: m.series.map((s) => {
        const d = s.data; // once, as in perWindow
        return { labels: dropName(s.labels), values: this.times.map((t, step) => f(d, t - m.offset - m.range, t - m.offset, step)) };
      }),
    };
  }
}

function bucketsQuantile(v: Vector, phi: number[], steps: number): Vector {
  const groups = new Map<string, { labels: Labels; buckets: { le: number; values: (number | null)[] }[] }>();
  for (const s of v.series) {
    const le = s.labels.le;
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    if (Number.isNaN(bound)) continue;
    const { le: _, ...rest } = dropName(s.labels);
    const key = JSON.stringify(Object.entries(rest).sort());
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: rest, buckets: [] }));
    g.buckets.push({ le: bound, values: s.values });
  }
  return {
    kind: 'vector',
    series: [...groups.values()].map((g) => ({
      labels: g.labels,
      values: Array.from({ length: steps }, (_, i) => {
        const bs = g.buckets.filter((b) => b.values[i] !== null).map((b) => ({ le: b.le, count: b.values[i] as number }));
        return bs.length ? histogramQuantile(phi[i] as number, bs) : null;
      }),
    })),
  };
}

function fail(pos: number, message: string): ApiError {
  return new ApiError('bad_request', `query: at position ${pos + 1}: ${message}`);
}
