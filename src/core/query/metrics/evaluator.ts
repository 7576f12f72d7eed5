/**
 * Evaluates a parsed query at every step of [start, end] at once: selectors load each matching
 * series' samples for the whole window once, then every node maps step-arrays to step-arrays.
 */
import { ApiError } from '../../../shared/api/errors';
import { extrapolatedRate, histogramQuantile, overTime, type OverTime } from './functions';
import { aggregate, binary } from './ops';
import type { Expr, Matcher } from './parser';
import { dropName, lowerBound, window, type Labels, type Matrix, type SeriesData, type Value, type Vector } from './values';

/** Prometheus's default: an instant selector sees the newest sample up to 5 minutes old. */
export const LOOKBACK_MS = 5 * 60_000;

/** Where samples come from: raw samples, or rollup buckets at a resolution (ms). */
export interface MetricSource {
  select(name: string | null, matchers: Matcher[]): { id: number; labels: Labels }[];
  load(id: number, from: number, to: number, resolutionMs: number): SeriesData;
}

export function matches(labels: Labels, m: Matcher): boolean {
  const v = labels[m.name] ?? '';
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

const OVER_TIME: Record<string, OverTime> = {
  avg_over_time: 'avg',
  min_over_time: 'min',
  max_over_time: 'max',
  sum_over_time: 'sum',
  count_over_time: 'count',
  last_over_time: 'last',
  stddev_over_time: 'stddev',
};
const MATH: Record<string, (x: number) => number> = {
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
const PERCENTILES: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

export class Evaluator {
  readonly steps: number;
  constructor(
    private readonly source: MetricSource,
    private readonly times: number[],
    private readonly resolutionMs: number,
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
        const v = this.eval(e.expr);
        if (v.kind !== 'vector') throw fail(e.pos, `${e.op}() needs an instant vector`);
        const param = e.param ? this.scalarArg(e.param, e.op) : null;
        return aggregate(e.op, e.grouping, param, v, this.steps);
      }
      case 'call':
        return this.call(e);
    }
  }

  private selectorData(name: string | null, matchers: Matcher[], from: number, to: number): { labels: Labels; data: SeriesData }[] {
    return this.source
      .select(name, matchers)
      .filter((s) => matchers.every((m) => matches(s.labels, m)))
      .map((s) => ({ labels: s.labels, data: this.source.load(s.id, from, to, this.resolutionMs) }));
  }

  private instant(e: Extract<Expr, { type: 'selector' }>): Vector {
    const first = (this.times[0] as number) - e.offset;
    const last = (this.times[this.steps - 1] as number) - e.offset;
    const series = this.selectorData(e.name, e.matchers, first - LOOKBACK_MS, last);
    return {
      kind: 'vector',
      series: series.map((s) => ({
        labels: s.labels,
        values: this.times.map((t) => {
          const at = t - e.offset;
          const i = lowerBound(s.data.ts, at + 1) - 1;
          return i >= 0 && (s.data.ts[i] as number) >= at - LOOKBACK_MS ? (s.data.values[i] as number) : null;
        }),
      })),
    };
  }

  private matrix(e: Extract<Expr, { type: 'selector' }>): Matrix {
    const range = e.range as number;
    const first = (this.times[0] as number) - e.offset;
    const last = (this.times[this.steps - 1] as number) - e.offset;
    return { kind: 'matrix', series: this.selectorData(e.name, e.matchers, first - range, last), range, offset: e.offset };
  }

  private scalarArg(e: Expr, fn: string): number[] {
    const v = this.eval(e);
    if (v.kind !== 'scalar') throw fail(e.pos, `${fn}(): this argument must be a number`);
    return v.values;
  }

  private matrixArg(e: Extract<Expr, { type: 'call' }>, index: number): Matrix {
    const arg = e.args[index];
    if (!arg) throw fail(e.pos, `${e.fn}() needs a range vector argument such as x[5m]`);
    const v = this.eval(arg);
    if (v.kind !== 'matrix') throw fail(arg.pos, `${e.fn}() needs a range vector such as x[5m], not ${v.kind === 'vector' ? 'an instant vector' : 'a ' + v.kind}`);
    return v;
  }

  private perWindow(m: Matrix, f: (d: SeriesData, from: number, to: number) => number | null): Vector {
    return {
      kind: 'vector',
      series: m.series.map((s) => ({
        labels: dropName(s.labels),
        values: this.times.map((t) => f(s.data, t - m.offset - m.range, t - m.offset)),
      })),
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
      return this.perWindow(this.matrixArg(e, 0), (d, from, to) => {
        const w = window(d.ts, from, to);
        return extrapolatedRate(d, w.lo, w.hi, from, to, counter, fn === 'rate');
      });
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
      const m = this.matrixArg(e, 0);
      const v = this.perWindow(m, (d, from, to) => overTime(over, d, from, to));
      // last_over_time keeps the metric name, as in Prometheus.
      if (over === 'last') v.series.forEach((s, i) => (s.labels = m.series[i]!.labels));
      return v;
    }
    if (fn === 'quantile_over_time') {
      this.arity(e, 2);
      const phi = this.scalarArg(e.args[0] as Expr, fn);
      return this.perWindowIndexed(this.matrixArg(e, 1), (d, from, to, step) => overTime('quantile', d, from, to, phi[step] as number));
    }
    const pct = PERCENTILES[fn];
    if (pct !== undefined || fn === 'histogram_quantile') {
      const phiArgs = pct === undefined ? 2 : 1;
      this.arity(e, phiArgs);
      const phi = pct === undefined ? this.scalarArg(e.args[0] as Expr, fn) : this.times.map(() => pct);
      const arg = e.args[phiArgs - 1] as Expr;
      const v = this.eval(arg);
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
      series: m.series.map((s) => ({
        labels: dropName(s.labels),
        values: this.times.map((t, step) => f(s.data, t - m.offset - m.range, t - m.offset, step)),
      })),
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
