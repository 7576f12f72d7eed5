/**
 * OTLP metrics (ExportMetricsServiceRequest) → stored samples, Prometheus-style: a histogram
 * becomes `<name>_count`, `<name>_sum` and cumulative `<name>_bucket{le}` samples, a summary
 * `_count`, `_sum` and `<name>{quantile}`. OTLP counts data points, so a bad field rejects that
 * data point (by its 0-based position among all data points of the request), and a bad metric
 * (name, unit) all of its points. Mapping: see README.md beside this file.
 */
import type { MetricSample } from '../../../db/repos/metrics';
import { emptyBatch, type IngestBatch } from '../../index';
import {
  asText,
  attrPath,
  attributesToObject,
  describeFailure,
  FieldError,
  nanosToMs,
  OTLP_LIMITS,
  toNumber,
  type ResourceContext,
} from './common';
import { decodeOtlp, groupContext, isFailure, type OtlpEncoding, type SignalShape } from './decode';
import {
  OtlpTypes,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type NumberDataPoint,
  type OtlpMetric,
  type SummaryDataPoint,
} from './proto';

const KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;
type Kind = (typeof KINDS)[number];
const DELTA = 1;
const NO_RECORDED_VALUE = 1;

function rawPoints(raw: unknown): unknown[][] {
  if (typeof raw !== 'object' || raw === null) return [];
  return KINDS.map((k) => (raw as Record<string, { dataPoints?: unknown }>)[k]?.dataPoints).filter(Array.isArray);
}

const METRICS: SignalShape = {
  request: OtlpTypes.ExportMetricsServiceRequest,
  item: OtlpTypes.Metric,
  resourceKey: 'resourceMetrics',
  scopeKey: 'scopeMetrics',
  itemKey: 'metrics',
  // Exemplars are not stored; dropping them spares converting their hex ids.
  prepareJson(raw) {
    for (const points of rawPoints(raw)) for (const p of points) if (typeof p === 'object' && p !== null) delete (p as Record<string, unknown>).exemplars;
  },
  unitsOf: (raw) => Math.max(1, rawPoints(raw).reduce((n, points) => n + points.length, 0)),
};

function kindOf(metric: OtlpMetric): Kind | null {
  if (typeof metric.data === 'string') return (KINDS as readonly string[]).includes(metric.data) ? (metric.data as Kind) : null;
  return KINDS.find((k) => metric[k] !== null && metric[k] !== undefined) ?? null;
}

function pointsOf(metric: OtlpMetric, kind: Kind | null): unknown[] {
  return kind ? (metric[kind]?.dataPoints ?? []) : [];
}

/** OTel instrument names allow / and -; our metric names do not: those become _. */
export function metricName(name: string | null | undefined): string {
  if (!name) throw new FieldError('name: required');
  const clean = name.replace(/[^a-zA-Z0-9_:.]/g, '_');
  const safe = /^[0-9]/.test(clean) ? `_${clean}` : clean;
  // Room for the longest suffix we add (_bucket).
  if (safe.length > OTLP_LIMITS.metricName - 7) throw new FieldError(`name: longer than ${OTLP_LIMITS.metricName - 7} characters`);
  return safe;
}

function finite(v: number | null | undefined, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(`${field}: not a finite number`);
  return v;
}

interface MetricContext {
  name: string;
  unit: string | null;
  type: string;
  delta: boolean;
  resource: ResourceContext;
  now: number;
}

interface Point {
  attributes?: NumberDataPoint['attributes'];
  timeUnixNano?: NumberDataPoint['timeUnixNano'];
}

/** One data point → its samples; `extra` labels (le, quantile) and name suffixes per sample. */
class PointWriter {
  private readonly labels: Record<string, string>;
  readonly timestamp: number;

  constructor(private readonly ctx: MetricContext, point: Point, private readonly out: MetricSample[]) {
    const labels: Record<string, string> = Object.create(null) as Record<string, string>;
    const attributes = Object.entries(attributesToObject(point.attributes, 'attributes'));
    // Room for ours: service, spacecraft_id, __type, __temporality, and le / quantile.
    if (attributes.length > OTLP_LIMITS.labels - 5) throw new FieldError(`attributes: more than ${OTLP_LIMITS.labels - 5} attributes`);
    for (const [key, value] of attributes) {
      const text = asText(value);
      if (key.length > OTLP_LIMITS.labelKey) throw new FieldError(`${attrPath('attributes', key)}: key longer than ${OTLP_LIMITS.labelKey} characters`);
      if (text.length > OTLP_LIMITS.labelValue) throw new FieldError(`${attrPath('attributes', key)}: longer than ${OTLP_LIMITS.labelValue} characters`);
      labels[key] = text;
    }
    if (ctx.resource.service) labels.service = ctx.resource.service;
    if (ctx.resource.spacecraftId) labels.spacecraft_id = ctx.resource.spacecraftId;
    labels.__type = ctx.type;
    if (ctx.delta) labels.__temporality = 'delta';
    this.labels = labels;
    this.timestamp = nanosToMs(point.timeUnixNano, 'timeUnixNano') ?? ctx.now;
  }

  add(suffix: string, value: number, withUnit: boolean, extra?: Record<string, string>): void {
    this.out.push({
      metric_name: this.ctx.name + suffix,
      value,
      unit: withUnit ? this.ctx.unit : null,
      timestamp: this.timestamp,
      source_system: this.ctx.resource.host ?? this.ctx.resource.service,
      tags: JSON.stringify(extra ? { ...this.labels, ...extra } : this.labels),
    });
  }
}

function numberPoint(ctx: MetricContext, p: NumberDataPoint, out: MetricSample[]): void {
  const w = new PointWriter(ctx, p, out);
  // protobufjs's oneof getter says which member is set (its prototype defaults would read as 0).
  const has = (k: 'asInt' | 'asDouble') => Object.hasOwn(p, k) && p[k] !== null && p[k] !== undefined;
  const which = p.value ?? (has('asInt') ? 'asInt' : has('asDouble') ? 'asDouble' : null);
  if (which === 'asInt') w.add('', toNumber(p.asInt), true);
  else if (which === 'asDouble') w.add('', finite(p.asDouble, 'asDouble'), true);
  else throw new FieldError('value: neither asDouble nor asInt is set');
}

/** `le` as Prometheus writes it: the bound as a number, +Inf for the last bucket. */
function le(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}

function buckets(w: PointWriter, bounds: number[], counts: number[]): void {
  let cumulative = 0;
  counts.forEach((c, i) => {
    cumulative += c;
    w.add('_bucket', cumulative, false, { le: le(bounds[i] ?? Infinity) });
  });
}

function histogramPoint(ctx: MetricContext, p: HistogramDataPoint, out: MetricSample[]): void {
  const w = new PointWriter(ctx, p, out);
  const counts = (p.bucketCounts ?? []).map(toNumber);
  const bounds = p.explicitBounds ?? [];
  if (counts.length > OTLP_LIMITS.buckets) throw new FieldError(`bucketCounts: more than ${OTLP_LIMITS.buckets} buckets`);
  if (counts.length > 0 && counts.length !== bounds.length + 1) {
    throw new FieldError(`bucketCounts: ${counts.length} counts for ${bounds.length} explicitBounds (must be one more)`);
  }
  bounds.forEach((b, i) => {
    if (!Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] as number))) throw new FieldError(`explicitBounds[${i}]: bounds must be finite and increasing`);
  });
  w.add('_count', toNumber(p.count), false);
  if (p.sum !== null && p.sum !== undefined) w.add('_sum', finite(p.sum, 'sum'), true);
  buckets(w, [...bounds, Infinity], counts);
}

/**
 * Exponential buckets become cumulative `le` buckets like an explicit histogram's: bucket i at
 * scale s holds (b^i, b^(i+1)] with b = 2^(2^-s) (negative buckets mirror that below zero), so
 * its upper bound is the `le`; the zero bucket's is zeroThreshold. Empty buckets are left out
 * (up to 160 a side by default, mostly empty): a missing `le` reads as the one below it.
 */
function exponentialPoint(ctx: MetricContext, p: ExponentialHistogramDataPoint, out: MetricSample[]): void {
  const w = new PointWriter(ctx, p, out);
  const scale = p.scale ?? 0;
  if (!Number.isInteger(scale) || scale < -10 || scale > 20) throw new FieldError('scale: must be an integer from -10 to 20');
  const zeroThreshold = finite(p.zeroThreshold ?? 0, 'zeroThreshold');
  const side = (name: 'positive' | 'negative') => {
    const counts = (p[name]?.bucketCounts ?? []).map(toNumber);
    if (counts.length > OTLP_LIMITS.buckets) throw new FieldError(`${name}.bucketCounts: more than ${OTLP_LIMITS.buckets} buckets`);
    return { offset: p[name]?.offset ?? 0, counts };
  };
  const bound = (index: number, field: string) => {
    const b = Math.pow(2, index * Math.pow(2, -scale));
    if (!Number.isFinite(b)) throw new FieldError(`${field}: bucket bounds beyond the range of a double`);
    return b;
  };
  const pos = side('positive');
  const neg = side('negative');
  const bounds: number[] = [];
  const counts: number[] = [];
  const push = (b: () => number, count: number) => {
    if (count === 0) return;
    bounds.push(b());
    counts.push(count);
  };
  for (let j = neg.counts.length - 1; j >= 0; j--) push(() => -bound(neg.offset + j, 'negative.offset'), neg.counts[j] as number);
  push(() => zeroThreshold, toNumber(p.zeroCount));
  pos.counts.forEach((c, j) => push(() => bound(pos.offset + j + 1, 'positive.offset'), c));
  bounds.push(Infinity);
  counts.push(0);
  w.add('_count', toNumber(p.count), false);
  if (p.sum !== null && p.sum !== undefined) w.add('_sum', finite(p.sum, 'sum'), true);
  buckets(w, bounds, counts);
}

function summaryPoint(ctx: MetricContext, p: SummaryDataPoint, out: MetricSample[]): void {
  const w = new PointWriter(ctx, p, out);
  w.add('_count', toNumber(p.count), false);
  w.add('_sum', finite(p.sum ?? 0, 'sum'), true);
  (p.quantileValues ?? []).forEach((q, i) => {
    const quantile = finite(q.quantile ?? 0, `quantileValues[${i}].quantile`);
    if (quantile < 0 || quantile > 1) throw new FieldError(`quantileValues[${i}].quantile: must be between 0 and 1`);
    w.add('', finite(q.value ?? 0, `quantileValues[${i}].value`), true, { quantile: String(quantile) });
  });
}

function metricContext(metric: OtlpMetric, kind: Kind, resource: ResourceContext, now: number): MetricContext {
  const unit = metric.unit || null;
  if (unit && unit.length > OTLP_LIMITS.unit) throw new FieldError(`unit: longer than ${OTLP_LIMITS.unit} characters`);
  const type = kind === 'sum' ? (metric.sum?.isMonotonic ? 'counter' : 'gauge') : kind === 'exponentialHistogram' ? 'histogram' : kind;
  const temporality = kind === 'gauge' || kind === 'summary' ? 0 : (metric[kind]?.aggregationTemporality ?? 0);
  return { name: metricName(metric.name), unit, type, delta: temporality === DELTA, resource, now };
}

const WRITERS: Record<Kind, (ctx: MetricContext, point: never, out: MetricSample[]) => void> = {
  gauge: numberPoint,
  sum: numberPoint,
  histogram: histogramPoint,
  exponentialHistogram: exponentialPoint,
  summary: summaryPoint,
};

/** Throws ApiError(bad_request) when the body is not a request at all; otherwise rejects per data point. */
export function parseOtlpMetrics(body: Buffer, encoding: OtlpEncoding, now: number = Date.now()): IngestBatch {
  const batch = emptyBatch();
  let index = 0;
  const reject = (count: number, error: string) => {
    for (let i = 0; i < count; i++) batch.rejected.push({ index: index++, error });
  };
  for (const group of decodeOtlp<OtlpMetric>(body, encoding, METRICS)) {
    const ctx = groupContext(group);
    for (const metric of group.items) {
      if (isFailure(metric)) {
        reject(metric.units, metric.failed);
        continue;
      }
      const kind = kindOf(metric);
      const points = pointsOf(metric, kind);
      if ('error' in ctx) {
        reject(points.length, ctx.error);
        continue;
      }
      if (!kind) continue; // a metric without data has no data point to store or to reject
      let mctx: MetricContext;
      try {
        mctx = metricContext(metric, kind, ctx.resource, now);
      } catch (e) {
        reject(points.length, `${describeFailure(e)} (metric ${JSON.stringify((metric.name ?? '').slice(0, 64))})`);
        continue;
      }
      for (const point of points) {
        if ((((point as { flags?: number | null }).flags ?? 0) & NO_RECORDED_VALUE) !== 0) {
          index++; // a staleness marker: nothing to store, nothing wrong
          continue;
        }
        const samples: MetricSample[] = [];
        try {
          WRITERS[kind](mctx, point as never, samples);
          batch.metrics.push(...samples);
          index++;
        } catch (e) {
          reject(1, `${describeFailure(e)} (metric ${JSON.stringify(mctx.name.slice(0, 64))})`);
        }
      }
    }
  }
  return batch;
}
