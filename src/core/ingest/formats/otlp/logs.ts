/**
 * OTLP logs (ExportLogsServiceRequest) → stored log lines. One OTLP LogRecord is one line; a bad
 * field rejects that record (by its 0-based position in the request) and keeps the others.
 * Mapping: see README.md beside this file.
 */
import type { LogLevel } from '../../../../shared/api/schemas/logs';
import type { LogRecord } from '../../../db/repos/logs';
import { normaliseLevel } from '../../../query/log-query';
import { emptyBatch, type IngestBatch } from '../../index';
import {
  anyValueToJson,
  asText,
  attributesToObject,
  FieldError,
  hexId,
  jsonColumn,
  nanosToMs,
  OTLP_LIMITS,
  scopeAttributes,
  type ResourceContext,
  type ScopeContext,
} from './common';
import { hexToBase64, mapOtlpRecords, type OtlpEncoding, type SignalShape } from './decode';
import { OtlpTypes, type OtlpLogRecord } from './proto';

const LOGS: SignalShape = {
  request: OtlpTypes.ExportLogsServiceRequest,
  item: OtlpTypes.LogRecord,
  resourceKey: 'resourceLogs',
  scopeKey: 'scopeLogs',
  itemKey: 'logRecords',
  prepareJson(raw) {
    hexToBase64(raw, 'traceId');
    hexToBase64(raw, 'spanId');
  },
};

/** OTLP severity number (1-24, four per level) → our level; null for 0 or out of range. */
export function levelForSeverityNumber(n: number): LogLevel | null {
  if (!Number.isInteger(n) || n < 1 || n > 24) return null;
  return (['DEBUG', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const)[Math.floor((n - 1) / 4)] ?? null;
}

/** The number decides; without one, the text (through our aliases: warning, err, fatal…); else INFO. */
export function levelFor(severityNumber: number | null | undefined, severityText: string | null | undefined): LogLevel {
  return levelForSeverityNumber(severityNumber ?? 0) ?? (severityText ? normaliseLevel(severityText) : null) ?? 'INFO';
}

/** The body as the line's message: a string as sent, any other value as its JSON. */
function messageOf(record: OtlpLogRecord): string {
  const body = anyValueToJson(record.body, 'body');
  const message = body === null ? (record.eventName ?? '') : asText(body);
  if (message.length > OTLP_LIMITS.message) throw new FieldError(`body: longer than ${OTLP_LIMITS.message} characters`);
  return message;
}

export function mapLogRecord(record: OtlpLogRecord, resource: ResourceContext, scope: ScopeContext, now: number): LogRecord {
  const timestamp =
    nanosToMs(record.timeUnixNano, 'timeUnixNano') ?? nanosToMs(record.observedTimeUnixNano, 'observedTimeUnixNano') ?? now;
  const attributes = attributesToObject(record.attributes, 'attributes');
  const severityText = record.severityText || null;
  if (severityText && severityText.length > OTLP_LIMITS.name) throw new FieldError(`severityText: longer than ${OTLP_LIMITS.name} characters`);
  const eventName = record.eventName || null;
  if (eventName && eventName.length > OTLP_LIMITS.name) throw new FieldError(`eventName: longer than ${OTLP_LIMITS.name} characters`);
  // The record's own attributes first, flat, as sent; what OTLP carries besides under otel.* keys.
  const metadata: Record<string, unknown> = {
    ...attributes,
    ...scopeAttributes(scope),
    ...(severityText ? { 'otel.severity_text': severityText } : {}),
    ...(record.severityNumber ? { 'otel.severity_number': record.severityNumber } : {}),
    ...(eventName ? { 'otel.event_name': eventName } : {}),
    ...(Object.keys(resource.attributes).length ? { 'otel.resource': resource.attributes } : {}),
  };
  return {
    timestamp,
    level: levelFor(record.severityNumber, severityText),
    service: resource.service,
    message: messageOf(record),
    metadata: Object.keys(metadata).length ? jsonColumn(metadata, 'metadata (attributes, scope, resource)') : null,
    spacecraft_id: resource.spacecraftId,
    request_id: null,
    trace_id: hexId(record.traceId, 'traceId', 16),
    span_id: hexId(record.spanId, 'spanId', 8),
    source: resource.host,
    labels: null,
  };
}

/** Throws ApiError(bad_request) when the body is not a request at all; otherwise rejects per record. */
export function parseOtlpLogs(body: Buffer, encoding: OtlpEncoding, now: number = Date.now()): IngestBatch {
  const { records, rejected } = mapOtlpRecords<OtlpLogRecord, LogRecord>(body, encoding, LOGS, (item, resource, scope) => mapLogRecord(item, resource, scope, now));
  return { ...emptyBatch(), logs: records, rejected };
}
