/**
 * The decoded OTLP shapes, as protobufjs hands them over (camelCase; 64-bit integers as Long).
 * protobufjs gives no static types for a runtime-parsed schema; these say what the mapping reads.
 * A message decoded from ProtoJSON, or a test's plain literal, has the same shape.
 */

/** protobufjs's 64-bit integer (a long.js Long), as far as we read it. */
export interface LongBits {
  low: number;
  high: number;
  unsigned: boolean;
}

/** A 64-bit integer: a Long from protobufjs, or a number / decimal string in a hand-made object. */
export type Int64 = LongBits | number | string;

export interface AnyValue {
  /** protobufjs's oneof getter: which member is set. */
  value?: string | null;
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64 | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
  kvlistValue?: { values?: KeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
}

export interface KeyValue {
  key?: string | null;
  value?: AnyValue | null;
}

export interface Resource {
  attributes?: KeyValue[] | null;
}

export interface InstrumentationScope {
  name?: string | null;
  version?: string | null;
  attributes?: KeyValue[] | null;
}

export interface OtlpLogRecord {
  timeUnixNano?: Int64 | null;
  observedTimeUnixNano?: Int64 | null;
  severityNumber?: number | null;
  severityText?: string | null;
  body?: AnyValue | null;
  attributes?: KeyValue[] | null;
  flags?: number | null;
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  eventName?: string | null;
}

export interface NumberDataPoint {
  attributes?: KeyValue[] | null;
  startTimeUnixNano?: Int64 | null;
  timeUnixNano?: Int64 | null;
  value?: string | null;
  asDouble?: number | null;
  asInt?: Int64 | null;
  flags?: number | null;
}

export interface HistogramDataPoint {
  attributes?: KeyValue[] | null;
  startTimeUnixNano?: Int64 | null;
  timeUnixNano?: Int64 | null;
  count?: Int64 | null;
  sum?: number | null;
  bucketCounts?: Int64[] | null;
  explicitBounds?: number[] | null;
  flags?: number | null;
  min?: number | null;
  max?: number | null;
}

export interface ExponentialBuckets {
  offset?: number | null;
  bucketCounts?: Int64[] | null;
}

export interface ExponentialHistogramDataPoint {
  attributes?: KeyValue[] | null;
  startTimeUnixNano?: Int64 | null;
  timeUnixNano?: Int64 | null;
  count?: Int64 | null;
  sum?: number | null;
  scale?: number | null;
  zeroCount?: Int64 | null;
  positive?: ExponentialBuckets | null;
  negative?: ExponentialBuckets | null;
  flags?: number | null;
  zeroThreshold?: number | null;
}

export interface SummaryDataPoint {
  attributes?: KeyValue[] | null;
  startTimeUnixNano?: Int64 | null;
  timeUnixNano?: Int64 | null;
  count?: Int64 | null;
  sum?: number | null;
  quantileValues?: { quantile?: number | null; value?: number | null }[] | null;
  flags?: number | null;
}

export interface OtlpMetric {
  name?: string | null;
  description?: string | null;
  unit?: string | null;
  /** protobufjs's oneof getter: which kind of data is set. */
  data?: string | null;
  gauge?: { dataPoints?: NumberDataPoint[] | null } | null;
  sum?: { dataPoints?: NumberDataPoint[] | null; aggregationTemporality?: number | null; isMonotonic?: boolean | null } | null;
  histogram?: { dataPoints?: HistogramDataPoint[] | null; aggregationTemporality?: number | null } | null;
  exponentialHistogram?: { dataPoints?: ExponentialHistogramDataPoint[] | null; aggregationTemporality?: number | null } | null;
  summary?: { dataPoints?: SummaryDataPoint[] | null } | null;
}

export interface OtlpSpanEvent {
  timeUnixNano?: Int64 | null;
  name?: string | null;
  attributes?: KeyValue[] | null;
  droppedAttributesCount?: number | null;
}

export interface OtlpSpanLink {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  traceState?: string | null;
  attributes?: KeyValue[] | null;
}

export interface OtlpSpan {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  traceState?: string | null;
  parentSpanId?: Uint8Array | null;
  flags?: number | null;
  name?: string | null;
  kind?: number | null;
  startTimeUnixNano?: Int64 | null;
  endTimeUnixNano?: Int64 | null;
  attributes?: KeyValue[] | null;
  droppedAttributesCount?: number | null;
  events?: OtlpSpanEvent[] | null;
  droppedEventsCount?: number | null;
  links?: OtlpSpanLink[] | null;
  droppedLinksCount?: number | null;
  status?: { message?: string | null; code?: number | null } | null;
}
