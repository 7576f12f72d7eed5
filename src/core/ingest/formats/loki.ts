/**
 * Loki's push API → log records. Two encodings of the same thing: JSON
 * (`{"streams":[{"stream":{labels},"values":[["<unix ns>","line",{structured metadata}?]]}]}`)
 * and a snappy-compressed protobuf `logproto.PushRequest` whose stream labels are one string in
 * LogQL selector form (`{job="x", level="warn"}`). Pure (bytes/text in, batch out). A body that
 * does not decode is a 400; a bad stream or entry is reported by its entry index (counted
 * across all streams, in order) and the rest is kept.
 */
import sjson from 'secure-json-parse';
import { ApiError } from '../../../shared/api/errors';
import type { LogRecord } from '../../db/repos/logs';
import { normaliseLevel } from '../../query/log-query';
import { MAX_EPOCH_MS } from '../../query/time';
import { emptyBatch, type IngestBatch } from '../index';
import { LIMITS } from '../log-record';
import { parseLabelSelector, SelectorError, type LabelPairs } from './loki-selector';
import { decodePushRequest, type DecodedPushRequest } from './proto/loki';
import { int64ToNumber } from './proto/remote-write';
import { snappyUncompress } from './snappy';

type Pairs = LabelPairs;

/** Stream labels that become columns, first present wins; the one used leaves `labels`. */
const SERVICE_KEYS = ['service_name', 'service', 'app', 'job'];
const SPACECRAFT_KEYS = ['spacecraft', 'spacecraft_id'];
const SOURCE_KEYS = ['host', 'hostname', 'instance'];
const LEVEL_KEYS = ['level', 'severity', 'detected_level'];
const TRACE_KEYS = ['trace_id', 'traceid', 'traceID'];
const SPAN_KEYS = ['span_id', 'spanid', 'spanID'];

// ---------------------------------------------------------------------------------------------
// Stream → the columns every entry of it shares

interface StreamFields {
  service: string | null;
  spacecraft_id: string | null;
  source: string | null;
  level: LogRecord['level'];
  labels: string | null;
}

function take(rest: Map<string, string>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = rest.get(key);
    if (v !== undefined) {
      rest.delete(key);
      return v;
    }
  }
  return null;
}

function takeLevel(rest: Map<string, string>): LogRecord['level'] | null {
  for (const key of LEVEL_KEYS) {
    const v = rest.get(key);
    const level = v === undefined ? null : normaliseLevel(v);
    if (level) {
      rest.delete(key);
      return level;
    }
  }
  return null;
}

export function streamFields(pairs: Pairs): StreamFields | string {
  const rest = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (rest.has(key)) return `label ${key.slice(0, 64)}: given twice`;
    // An empty value means "no such label" to Loki; keep it out of the stored set.
    if (value !== '') rest.set(key, value);
  }
  const service = take(rest, SERVICE_KEYS);
  const spacecraft = take(rest, SPACECRAFT_KEYS);
  const source = take(rest, SOURCE_KEYS);
  // An unrecognised level stays among the labels (nothing is lost) and the line is INFO.
  const level = takeLevel(rest) ?? 'INFO';
  if (service !== null && service.length > LIMITS.name) return `service label: longer than ${LIMITS.name} characters`;
  if (spacecraft !== null && spacecraft.length > LIMITS.id) return `spacecraft label: longer than ${LIMITS.id} characters`;
  if (source !== null && source.length > LIMITS.name) return `host label: longer than ${LIMITS.name} characters`;
  if (rest.size > LIMITS.labels) return `more than ${LIMITS.labels} labels`;
  for (const [k, v] of rest) {
    if (k.length > LIMITS.labelKey || v.length > LIMITS.labelValue) return `label ${k.slice(0, 64)}: too long`;
  }
  return {
    service,
    spacecraft_id: spacecraft,
    source,
    level,
    labels: rest.size ? JSON.stringify(Object.fromEntries(rest)) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry → record

export function entryRecord(stream: StreamFields, timestamp: number | string, line: unknown, metadata: Pairs): LogRecord | string {
  if (typeof timestamp === 'string') return timestamp;
  if (typeof line !== 'string') return 'line: must be a string';
  if (line === '') return 'line: empty';
  if (line.length > LIMITS.message) return `line: longer than ${LIMITS.message} characters`;
  const rest = new Map(metadata.filter(([, v]) => v !== ''));
  const level = takeLevel(rest) ?? stream.level;
  const trace = take(rest, TRACE_KEYS);
  const span = take(rest, SPAN_KEYS);
  if (trace !== null && trace.length > LIMITS.id) return `structured metadata trace_id: longer than ${LIMITS.id} characters`;
  if (span !== null && span.length > LIMITS.id) return `structured metadata span_id: longer than ${LIMITS.id} characters`;
  let json: string | null = null;
  if (rest.size) {
    json = JSON.stringify(Object.fromEntries(rest));
    if (Buffer.byteLength(json) > LIMITS.metadataBytes) return `structured metadata: larger than ${LIMITS.metadataBytes} bytes as JSON`;
  }
  return {
    timestamp,
    level,
    service: stream.service,
    message: line,
    metadata: json,
    spacecraft_id: stream.spacecraft_id,
    request_id: null,
    trace_id: trace,
    span_id: span,
    source: stream.source,
    labels: stream.labels,
  };
}

const NS_PER_MS = 1_000_000n;

function checkMs(ms: number): number | string {
  return ms >= 0 && ms <= MAX_EPOCH_MS ? ms : `timestamp: outside 0…${MAX_EPOCH_MS} ms`;
}

/** Unix epoch nanoseconds (a decimal string per the API; an integer is tolerated) → ms. */
export function nanosToMs(v: unknown): number | string {
  if (typeof v === 'string' && /^[0-9]{1,19}$/.test(v)) return checkMs(Number(BigInt(v) / NS_PER_MS));
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return checkMs(Math.floor(v / 1e6));
  return 'timestamp: must be a string of Unix epoch nanoseconds';
}

function protoTimestampToMs(ts: DecodedPushRequest['streams'][number]['entries'][number]['timestamp']): number | string {
  if (!ts) return 'timestamp: missing';
  const seconds = int64ToNumber(ts.seconds);
  if (!Number.isSafeInteger(seconds) || ts.nanos < 0 || ts.nanos > 999_999_999) return 'timestamp: not a valid protobuf Timestamp';
  return checkMs(seconds * 1000 + Math.floor(ts.nanos / 1e6));
}

// ---------------------------------------------------------------------------------------------
// The two encodings

class Collector {
  readonly batch = emptyBatch();
  private next = 0;

  reject(where: string, error: string, count = 1): void {
    for (let n = 0; n < Math.max(1, count); n++) this.batch.rejected.push({ index: this.next++, error: `${where}: ${error}` });
  }

  entry(where: string, r: LogRecord | string): void {
    if (typeof r === 'string') this.reject(where, r);
    else {
      this.batch.logs.push(r);
      this.next++;
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringPairs(v: unknown, what: string): Pairs | string {
  if (v === undefined || v === null) return [];
  if (!isObject(v)) return `${what}: must be an object of strings`;
  const pairs: Pairs = [];
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') return `${what}.${k.slice(0, 64)}: must be a string`;
    pairs.push([k, value]);
  }
  return pairs;
}

/** JSON push body (already inflated) → batch. */
export function parseLokiJson(text: string): IngestBatch {
  if (text.trim() === '') throw new ApiError('bad_request', 'body: empty; send {"streams":[…]}');
  let body: unknown;
  try {
    body = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\s+/g, ' ').slice(0, 120) : 'unparseable';
    throw new ApiError('bad_request', `body: invalid JSON (${msg})`);
  }
  if (!isObject(body) || !Array.isArray(body.streams)) throw new ApiError('bad_request', 'body: must be an object {"streams":[…]}');
  const out = new Collector();
  body.streams.forEach((stream: unknown, s) => {
    const where = `streams[${s}]`;
    if (!isObject(stream) || !Array.isArray(stream.values)) return out.reject(where, 'must be an object with "stream" and "values" (an array)');
    const values = stream.values as unknown[];
    const labels = stringPairs(stream.stream, 'stream');
    const fields = typeof labels === 'string' ? labels : streamFields(labels);
    if (typeof fields === 'string') return out.reject(where, fields, values.length);
    values.forEach((value, e) => {
      const at = `${where}.values[${e}]`;
      if (!Array.isArray(value) || value.length < 2 || value.length > 3) return out.reject(at, 'must be ["<unix ns>", "<line>"] or ["<unix ns>", "<line>", {metadata}]');
      const metadata = stringPairs(value[2], 'structured metadata');
      if (typeof metadata === 'string') return out.reject(at, metadata);
      out.entry(at, entryRecord(fields, nanosToMs(value[0]), value[1], metadata));
    });
  });
  return out.batch;
}

/** Protobuf push body (snappy block, as every Loki client sends it) → batch. */
export function parseLokiProtobuf(body: Uint8Array, maxDecompressedBytes: number): IngestBatch {
  if (body.length === 0) throw new ApiError('bad_request', 'body: empty; send a snappy-compressed logproto.PushRequest');
  const bytes = snappyUncompress(body, maxDecompressedBytes);
  let request: DecodedPushRequest;
  try {
    request = decodePushRequest(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 120) : 'undecodable';
    throw new ApiError('bad_request', `body: not a logproto.PushRequest (${why})`);
  }
  return mapPushRequest(request);
}

export function mapPushRequest(request: DecodedPushRequest): IngestBatch {
  const out = new Collector();
  request.streams.forEach((stream, s) => {
    const where = `streams[${s}]`;
    let fields: StreamFields | string;
    try {
      fields = streamFields(parseLabelSelector(stream.labels));
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      fields = e.message;
    }
    if (typeof fields === 'string') return out.reject(where, fields, stream.entries.length);
    stream.entries.forEach((entry, e) => {
      const metadata: Pairs = entry.structuredMetadata.map((p) => [p.name, p.value]);
      out.entry(`${where}.entries[${e}]`, entryRecord(fields, protoTimestampToMs(entry.timestamp), entry.line, metadata));
    });
  });
  return out.batch;
}
