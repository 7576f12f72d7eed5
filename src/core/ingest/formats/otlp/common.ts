/**
 * What the three OTLP signals share: attribute values → JSON, ids → hex, nanoseconds → epoch
 * milliseconds, the resource's service / spacecraft / host, and the limits. A bad field throws
 * a FieldError naming it; the signal module turns that into one rejected record.
 */
import { MAX_EPOCH_MS } from '../../../query/time';
import { LIMITS } from '../../log-record';
import type { AnyValue, InstrumentationScope, Int64, KeyValue, Resource } from './proto';

export const OTLP_LIMITS = {
  /** Attributes on one record, data point, span, event or resource. */
  attributes: 256,
  attributeKey: 256,
  /** One attribute value: characters of a string, or of the JSON of an array / map / bytes. */
  attributeValue: 32_768,
  /** Arrays and maps inside an attribute value. */
  depth: 16,
  /** Each JSON column (log metadata, span attributes / events / resource). */
  jsonBytes: LIMITS.metadataBytes,
  message: LIMITS.message,
  name: LIMITS.name,
  id: LIMITS.id,
  spanName: 1024,
  statusMessage: 4096,
  /** W3C tracestate's own maximum. */
  traceState: 512,
  events: 1024,
  metricName: 200,
  unit: 32,
  /** Labels on one stored sample, ours included. */
  labels: LIMITS.labels,
  labelKey: LIMITS.labelKey,
  labelValue: LIMITS.labelValue,
  /** Buckets of one histogram data point (explicit, or each side of an exponential one). */
  buckets: 2048,
} as const;

/** A bad field: rejects the record it belongs to, never the request. */
export class FieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldError';
  }
}

export function describeFailure(e: unknown): string {
  if (e instanceof FieldError) return e.message;
  if (e instanceof RangeError) return 'record: nested too deeply';
  return `record: could not be read (${(e instanceof Error ? e.message : String(e)).slice(0, 160)})`;
}

/** `attributes["http.route"]`: how a message names one attribute. */
export function attrPath(prefix: string, key: string): string {
  return `${prefix}[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}]`;
}

function kindOf(v: AnyValue): string | null {
  if (typeof v.value === 'string') return v.value;
  for (const k of ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] as const) {
    if (Object.hasOwn(v, k) && v[k] !== null && v[k] !== undefined) return k;
  }
  return null;
}

/** A signed or unsigned 64-bit integer, exactly. */
export function toBigInt(v: Int64 | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'string') return /^-?[0-9]{1,20}$/.test(v) ? BigInt(v) : 0n;
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return v.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** A 64-bit integer as a JS number: exact up to 2^53, nearest double beyond (values are REAL). */
export function toNumber(v: Int64 | null | undefined): number {
  if (typeof v === 'number') return v;
  return Number(toBigInt(v));
}

/** Nanoseconds since the epoch → epoch ms (floored: exact, no float rounding), or null for 0. */
export function nanosToMs(v: Int64 | null | undefined, field: string): number | null {
  const ns = toBigInt(v);
  if (ns === 0n) return null;
  if (ns < 0n) throw new FieldError(`${field}: negative`);
  const ms = ns / 1_000_000n;
  if (ms > BigInt(MAX_EPOCH_MS)) throw new FieldError(`${field}: out of range (nanoseconds since the epoch expected)`);
  return Number(ms);
}

/**
 * A trace or span id → lowercase hex. Empty (or all zero, OTLP's "invalid id") → null, which
 * `required` refuses; any other length than the spec's is a bad field.
 */
export function hexId(bytes: Uint8Array | null | undefined, field: string, size: 16 | 8, required = false): string | null {
  const len = bytes?.length ?? 0;
  if (len === 0 || !bytes || bytes.every((b) => b === 0)) {
    if (required) throw new FieldError(`${field}: required, ${size} bytes (${size * 2} hex characters)`);
    return null;
  }
  if (len !== size) throw new FieldError(`${field}: must be ${size} bytes (${size * 2} hex characters), got ${len} bytes`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** An attribute value as JSON: strings, booleans, numbers, arrays and maps as themselves. */
export function anyValueToJson(v: AnyValue | null | undefined, path: string, depth = 0): unknown {
  if (!v) return null;
  if (depth > OTLP_LIMITS.depth) throw new FieldError(`${path}: nested deeper than ${OTLP_LIMITS.depth} levels`);
  switch (kindOf(v)) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue === true;
    case 'intValue': {
      // Integers beyond 2^53 keep every digit as a decimal string rather than round.
      const n = toBigInt(v.intValue);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n.toString();
    }
    case 'doubleValue': {
      const d = v.doubleValue ?? 0;
      return Number.isFinite(d) ? d : String(d); // JSON has no NaN / Infinity
    }
    case 'bytesValue':
      return Buffer.from(v.bytesValue ?? []).toString('base64');
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map((item, i) => anyValueToJson(item, `${path}[${i}]`, depth + 1));
    case 'kvlistValue':
      return attributesToObject(v.kvlistValue?.values, path, depth + 1);
    default:
      return null; // an empty AnyValue is OTLP's null
  }
}

function checkSize(value: unknown, path: string): void {
  const size = typeof value === 'string' ? value.length : typeof value === 'object' && value !== null ? JSON.stringify(value).length : 0;
  if (size > OTLP_LIMITS.attributeValue) throw new FieldError(`${path}: value longer than ${OTLP_LIMITS.attributeValue} characters`);
}

/**
 * KeyValue list → a plain object. Null-prototype, so a key such as "__proto__" is just a key.
 * A repeated key keeps its last value (the spec calls duplicates a sender's error).
 */
export function attributesToObject(kvs: KeyValue[] | null | undefined, path: string, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (!kvs || kvs.length === 0) return out;
  if (kvs.length > OTLP_LIMITS.attributes) throw new FieldError(`${path}: more than ${OTLP_LIMITS.attributes} attributes`);
  for (const kv of kvs) {
    const key = kv.key ?? '';
    if (key.length > OTLP_LIMITS.attributeKey) throw new FieldError(`${attrPath(path, key)}: key longer than ${OTLP_LIMITS.attributeKey} characters`);
    const value = anyValueToJson(kv.value, attrPath(path, key), depth);
    if (depth === 0) checkSize(value, attrPath(path, key));
    out[key] = value;
  }
  return out;
}

/** An attribute value as a metric label or a column: strings as is, anything else as JSON. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** JSON for a column, refused past the column limit. */
export function jsonColumn(value: unknown, field: string): string {
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) > OTLP_LIMITS.jsonBytes) throw new FieldError(`${field}: larger than ${OTLP_LIMITS.jsonBytes} bytes as JSON`);
  return json;
}

/** What every record of one resource shares. */
export interface ResourceContext {
  service: string | null;
  spacecraftId: string | null;
  host: string | null;
  /** All resource attributes, service.name etc. included. */
  attributes: Record<string, unknown>;
}

function resourceText(attrs: Record<string, unknown>, key: string, max: number): string | null {
  const v = attrs[key];
  if (v === undefined || v === null || v === '') return null;
  const text = asText(v);
  if (text.length > max) throw new FieldError(`${attrPath('resource.attributes', key)}: longer than ${max} characters`);
  return text;
}

/** Throws a FieldError (which rejects every record of the resource) when a mapped value is bad. */
export function resourceContext(resource: Resource | null | undefined): ResourceContext {
  const attributes = attributesToObject(resource?.attributes, 'resource.attributes');
  return {
    service: resourceText(attributes, 'service.name', OTLP_LIMITS.name),
    spacecraftId: resourceText(attributes, 'spacecraft.id', OTLP_LIMITS.id),
    host: resourceText(attributes, 'host.name', OTLP_LIMITS.name),
    attributes,
  };
}

export interface ScopeContext {
  name: string | null;
  version: string | null;
}

export function scopeContext(scope: InstrumentationScope | null | undefined): ScopeContext {
  const name = scope?.name || null;
  const version = scope?.version || null;
  if (name && name.length > OTLP_LIMITS.name) throw new FieldError(`scope.name: longer than ${OTLP_LIMITS.name} characters`);
  if (version && version.length > OTLP_LIMITS.name) throw new FieldError(`scope.version: longer than ${OTLP_LIMITS.name} characters`);
  return { name, version };
}

/** `otel.scope.name` / `otel.scope.version`, the keys OTel uses when scope travels as attributes. */
export function scopeAttributes(scope: ScopeContext): Record<string, string> {
  const out: Record<string, string> = {};
  if (scope.name) out['otel.scope.name'] = scope.name;
  if (scope.version) out['otel.scope.version'] = scope.version;
  return out;
}
