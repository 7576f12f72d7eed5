/**
 * One posted log line → one stored record, or a reason naming the field. Hand-written rather
 * than schema-validated per line: it runs for every line on the hot path, and each rejection
 * must say which field of which line was wrong.
 */
import type { LogRecord } from '../db/repos/logs';
import { normaliseLevel } from '../query/log-query';
import { MAX_EPOCH_MS, parseIso } from '../query/time';

export const LIMITS = {
  message: 65_536,
  name: 200,
  id: 200,
  metadataBytes: 65_536,
  labels: 64,
  labelKey: 128,
  labelValue: 1024,
} as const;

const KNOWN = new Set([
  'timestamp', 'level', 'service', 'message', 'spacecraft_id', 'request_id', 'trace_id', 'span_id',
  'source', 'host', 'labels', 'metadata',
]);

export type Normalised = { ok: true; record: LogRecord } | { ok: false; error: string };

function fail(error: string): Normalised {
  return { ok: false, error };
}

export function parseTimestamp(v: unknown): number | string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v > MAX_EPOCH_MS) return 'timestamp: epoch milliseconds out of range';
    return Math.floor(v);
  }
  if (typeof v === 'string') {
    if (/^[0-9]{1,13}$/.test(v)) return Number(v);
    const ms = parseIso(v, true);
    return ms ?? 'timestamp: not an ISO 8601 date-time with a zone (2026-11-23T10:00:00Z) or epoch milliseconds';
  }
  return 'timestamp: must be an ISO 8601 string or epoch milliseconds';
}

function optionalString(obj: Record<string, unknown>, key: string, max: number): string | null | Error {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return new Error(`${key}: must be a string`);
  if (v.length > max) return new Error(`${key}: longer than ${max} characters`);
  return v === '' ? null : v;
}

export function normaliseLogLine(input: unknown, now: number): Normalised {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('line: must be a JSON object');
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KNOWN.has(key)) return fail(`${key.slice(0, 64)}: unknown field (put extra data under "metadata")`);
  }

  if (typeof obj.message !== 'string' || obj.message === '') return fail('message: required, a non-empty string');
  if (obj.message.length > LIMITS.message) return fail(`message: longer than ${LIMITS.message} characters`);

  let level: LogRecord['level'] = 'INFO';
  if (obj.level !== undefined && obj.level !== null) {
    const l = typeof obj.level === 'string' ? normaliseLevel(obj.level) : null;
    if (!l) return fail('level: must be one of DEBUG, INFO, WARN, ERROR, CRITICAL (or an alias such as warning, err, fatal)');
    level = l;
  }

  let timestamp = now;
  if (obj.timestamp !== undefined && obj.timestamp !== null) {
    const t = parseTimestamp(obj.timestamp);
    if (typeof t === 'string') return fail(t);
    timestamp = t;
  }

  const strings: Record<string, string | null> = {};
  for (const [key, max] of [
    ['service', LIMITS.name], ['spacecraft_id', LIMITS.id], ['request_id', LIMITS.id], ['trace_id', LIMITS.id],
    ['span_id', LIMITS.id], ['source', LIMITS.name], ['host', LIMITS.name],
  ] as const) {
    const v = optionalString(obj, key, max);
    if (v instanceof Error) return fail(v.message);
    strings[key] = v;
  }

  let labels: string | null = null;
  if (obj.labels !== undefined && obj.labels !== null) {
    const l = obj.labels;
    if (typeof l !== 'object' || Array.isArray(l)) return fail('labels: must be an object of string values');
    const entries = Object.entries(l as Record<string, unknown>);
    if (entries.length > LIMITS.labels) return fail(`labels: more than ${LIMITS.labels} labels`);
    for (const [k, v] of entries) {
      if (typeof v !== 'string') return fail(`labels.${k.slice(0, 64)}: must be a string`);
      if (k.length > LIMITS.labelKey || v.length > LIMITS.labelValue) return fail(`labels.${k.slice(0, 64)}: too long`);
    }
    labels = entries.length ? JSON.stringify(l) : null;
  }

  let metadata: string | null = null;
  if (obj.metadata !== undefined && obj.metadata !== null) {
    metadata = JSON.stringify(obj.metadata);
    if (Buffer.byteLength(metadata) > LIMITS.metadataBytes) return fail(`metadata: larger than ${LIMITS.metadataBytes} bytes as JSON`);
  }

  return {
    ok: true,
    record: {
      timestamp,
      level,
      service: strings.service ?? null,
      message: obj.message,
      metadata,
      spacecraft_id: strings.spacecraft_id ?? null,
      request_id: strings.request_id ?? null,
      trace_id: strings.trace_id ?? null,
      span_id: strings.span_id ?? null,
      source: strings.source ?? strings.host ?? null,
      labels,
    },
  };
}
