/** Aggregation operators (sum by …) and binary operators, step by step. */
import { ApiError } from '../../../shared/api/errors';
import { quantileOf } from './functions';
import { dropName, signature, type Labels, type Scalar, type Value, type Vector } from './values';

type Grouping = { mode: 'by' | 'without'; labels: string[] } | null;

export function groupLabels(labels: Labels, grouping: Grouping): Labels {
  const out: Labels = {};
  if (grouping?.mode === 'by') {
    for (const k of grouping.labels) if (labels[k] !== undefined) out[k] = labels[k] as string;
    return out;
  }
  const drop = new Set(['__name__', ...(grouping?.labels ?? [])]);
  for (const [k, v] of Object.entries(labels)) if (!drop.has(k)) out[k] = v;
  return grouping ? out : {};
}

export function aggregate(op: string, grouping: Grouping, param: number[] | null, v: Vector, steps: number): Vector {
  const groups = new Map<string, { labels: Labels; members: (number | null)[][] }>();
  for (const s of v.series) {
    const labels = groupLabels(s.labels, grouping);
    const key = signature(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, members: [] }));
    g.members.push(s.values);
  }
  if (op === 'topk' || op === 'bottomk') return selectK(op, grouping, param ?? [], v, steps);
  const out: Vector = { kind: 'vector', series: [] };
  const streaming = STREAMING[op];
  for (const g of groups.values()) {
    const values: (number | null)[] = new Array<number | null>(steps).fill(null);
    if (streaming) {
      // sum/min/max/count/avg fold member by member: no array per step (large fleets).
      const n = new Array<number>(steps).fill(0);
      for (const m of g.members) {
        for (let i = 0; i < steps; i++) {
          const x = m[i];
          if (x === null || x === undefined) continue;
          values[i] = n[i] === 0 ? streaming.first(x) : streaming.fold(values[i] as number, x);
          n[i]!++;
        }
      }
      if (op === 'avg') for (let i = 0; i < steps; i++) if (n[i]) values[i] = (values[i] as number) / (n[i] as number);
      out.series.push({ labels: g.labels, values });
      continue;
    }
    for (let i = 0; i < steps; i++) {
      const xs: number[] = [];
      for (const m of g.members) if (m[i] !== null && m[i] !== undefined) xs.push(m[i] as number);
      if (xs.length === 0) continue;
      values[i] = reduce(op, xs, param?.[i] ?? 0);
    }
    out.series.push({ labels: g.labels, values });
  }
  return out;
}

export const STREAMING: Record<string, { first: (x: number) => number; fold: (acc: number, x: number) => number }> = {
  sum: { first: (x) => x, fold: (a, x) => a + x },
  avg: { first: (x) => x, fold: (a, x) => a + x },
  count: { first: () => 1, fold: (a) => a + 1 },
  min: { first: (x) => x, fold: (a, x) => (x < a || Number.isNaN(a) ? x : a) },
  max: { first: (x) => x, fold: (a, x) => (x > a || Number.isNaN(a) ? x : a) },
};

function reduce(op: string, xs: number[], phi: number): number {
  switch (op) {
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'avg':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'min':
      return xs.reduce((a, b) => (b < a || Number.isNaN(a) ? b : a));
    case 'max':
      return xs.reduce((a, b) => (b > a || Number.isNaN(a) ? b : a));
    case 'count':
      return xs.length;
    case 'group':
      return 1;
    case 'quantile':
      return quantileOf(phi, xs);
    case 'stddev': {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    }
    default:
      throw new ApiError('bad_request', `query: unknown aggregation ${op}`);
  }
}

/** topk/bottomk keep the original series (labels and all), at the steps where they rank. */
function selectK(op: string, grouping: Grouping, k: number[], v: Vector, steps: number): Vector {
  const out = v.series.map((s) => ({ labels: s.labels, values: new Array<number | null>(steps).fill(null) }));
  for (let i = 0; i < steps; i++) {
    const groups = new Map<string, number[]>();
    v.series.forEach((s, j) => {
      if (s.values[i] === null) return;
      const key = signature(groupLabels(s.labels, grouping));
      groups.set(key, [...(groups.get(key) ?? []), j]);
    });
    for (const members of groups.values()) {
      members.sort((a, b) => {
        const d = (v.series[a]!.values[i] as number) - (v.series[b]!.values[i] as number);
        return op === 'topk' ? -d : d;
      });
      for (const j of members.slice(0, Math.max(0, Math.floor(k[i] ?? 0)))) out[j]!.values[i] = v.series[j]!.values[i] as number;
    }
  }
  return { kind: 'vector', series: out.filter((s) => s.values.some((x) => x !== null)) };
}

const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return Math.pow(a, b);
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
  }
  throw new ApiError('bad_request', `query: operator ${op} is not supported here`);
}

interface Binary {
  op: string;
  bool: boolean;
  matching: { mode: 'on' | 'ignoring'; labels: string[] } | null;
}

export function binary(b: Binary, lhs: Value, rhs: Value, steps: number): Value {
  const cmp = COMPARISON.has(b.op);
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    if (cmp && !b.bool) throw new ApiError('bad_request', 'query: comparisons between scalars must use bool');
    return { kind: 'scalar', values: lhs.values.map((a, i) => arith(b.op, a, rhs.values[i] as number)) };
  }
  if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
    const vec = (lhs.kind === 'vector' ? lhs : rhs) as Vector;
    const sc = (lhs.kind === 'scalar' ? lhs : rhs) as Scalar;
    if (vec.kind !== 'vector') throw new ApiError('bad_request', `query: operator ${b.op} needs instant vectors or scalars`);
    if (['and', 'or', 'unless'].includes(b.op)) throw new ApiError('bad_request', `query: ${b.op} needs instant vectors on both sides`);
    const vecLeft = lhs.kind === 'vector';
    return {
      kind: 'vector',
      series: vec.series.map((s) => ({
        labels: cmp && !b.bool ? s.labels : dropName(s.labels),
        values: s.values.map((x, i) => {
          if (x === null) return null;
          const a = vecLeft ? x : (sc.values[i] as number);
          const c = vecLeft ? (sc.values[i] as number) : x;
          const r = arith(b.op, a, c);
          // A filtering comparison keeps the vector's own value where it holds.
          return cmp && !b.bool ? (r ? x : null) : r;
        }),
      })),
    };
  }
  if (lhs.kind !== 'vector' || rhs.kind !== 'vector') throw new ApiError('bad_request', `query: operator ${b.op} needs instant vectors or scalars (a range vector needs a function such as rate())`);
  return vectorVector(b, lhs, rhs, steps);
}

function matchKey(labels: Labels, m: Binary['matching']): string {
  if (m?.mode === 'on') return signature(labels, (k) => m.labels.includes(k));
  return signature(labels, (k) => k !== '__name__' && !(m?.labels ?? []).includes(k));
}

function vectorVector(b: Binary, lhs: Vector, rhs: Vector, steps: number): Vector {
  const right = new Map<string, (typeof rhs.series)[number][]>();
  for (const s of rhs.series) {
    const k = matchKey(s.labels, b.matching);
    right.set(k, [...(right.get(k) ?? []), s]);
  }
  if (b.op === 'and' || b.op === 'unless') {
    return {
      kind: 'vector',
      series: lhs.series.map((s) => {
        const others = right.get(matchKey(s.labels, b.matching)) ?? [];
        return { labels: s.labels, values: s.values.map((x, i) => (x !== null && others.some((o) => o.values[i] !== null) === (b.op === 'and') ? x : null)) };
      }),
    };
  }
  if (b.op === 'or') {
    const leftKeys = lhs.series.map((s) => ({ k: matchKey(s.labels, b.matching), s }));
    const extra = rhs.series.map((s) => {
      const k = matchKey(s.labels, b.matching);
      return { labels: s.labels, values: s.values.map((x, i) => (leftKeys.some((l) => l.k === k && l.s.values[i] !== null) ? null : x)) };
    });
    return { kind: 'vector', series: [...lhs.series, ...extra] };
  }
  const cmp = COMPARISON.has(b.op);
  const out: Vector = { kind: 'vector', series: [] };
  const seen = new Set<string>();
  for (const s of lhs.series) {
    const k = matchKey(s.labels, b.matching);
    const others = right.get(k) ?? [];
    if (others.length > 1) throw new ApiError('bad_request', 'query: many-to-many matching: several right-hand series match one left-hand series; aggregate first or use on(…)');
    if (seen.has(k)) throw new ApiError('bad_request', 'query: many-to-many matching: several left-hand series share the same labels; aggregate first or use on(…)');
    seen.add(k);
    const o = others[0];
    if (!o) continue;
    let labels = cmp && !b.bool ? s.labels : dropName(s.labels);
    if (b.matching?.mode === 'on') labels = Object.fromEntries(Object.entries(labels).filter(([l]) => b.matching!.labels.includes(l)));
    else if (b.matching) labels = Object.fromEntries(Object.entries(labels).filter(([l]) => !b.matching!.labels.includes(l)));
    const values = new Array<number | null>(steps).fill(null);
    for (let i = 0; i < steps; i++) {
      const x = s.values[i];
      const y = o.values[i];
      if (x === null || x === undefined || y === null || y === undefined) continue;
      const r = arith(b.op, x, y);
      values[i] = cmp && !b.bool ? (r ? x : null) : r;
    }
    out.series.push({ labels, values });
  }
  return out;
}
