/**
 * OTLP traces (ExportTraceServiceRequest) → stored spans. A bad field rejects that span (by its
 * 0-based position in the request). Mapping: see README.md beside this file.
 */
import type { SpanRecord } from '../../../db/repos/ingest';
import { emptyBatch, type IngestBatch } from '../../index';
import {
  attributesToObject,
  FieldError,
  hexId,
  jsonColumn,
  nanosToMs,
  OTLP_LIMITS,
  scopeAttributes,
  toBigInt,
  type ResourceContext,
  type ScopeContext,
} from './common';
import { hexToBase64, mapOtlpRecords, type OtlpEncoding, type SignalShape } from './decode';
import { OtlpTypes, type OtlpSpan } from './proto';

const TRACES: SignalShape = {
  request: OtlpTypes.ExportTraceServiceRequest,
  item: OtlpTypes.Span,
  resourceKey: 'resourceSpans',
  scopeKey: 'scopeSpans',
  itemKey: 'spans',
  prepareJson(raw) {
    hexToBase64(raw, 'traceId');
    hexToBase64(raw, 'spanId');
    hexToBase64(raw, 'parentSpanId');
    if (Array.isArray(raw.links)) {
      for (const link of raw.links as unknown[]) {
        if (typeof link === 'object' && link !== null) {
          hexToBase64(link as Record<string, unknown>, 'traceId');
          hexToBase64(link as Record<string, unknown>, 'spanId');
        }
      }
    }
  },
};

const KINDS = [null, 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUS = ['unset', 'ok', 'error'] as const;

/** SPAN_KIND_SERVER → 'server'…; unspecified (or a number we do not know) → null. */
export function spanKindName(kind: number | null | undefined): string | null {
  return KINDS[kind ?? 0] ?? null;
}

export function statusCodeName(code: number | null | undefined): string {
  const name = STATUS[code ?? 0];
  if (!name) throw new FieldError(`status.code: ${code} is not UNSET (0), OK (1) or ERROR (2)`);
  return name;
}

function text(value: string | null | undefined, field: string, max: number): string | null {
  if (!value) return null;
  if (value.length > max) throw new FieldError(`${field}: longer than ${max} characters`);
  return value;
}

export function mapSpan(span: OtlpSpan, resource: ResourceContext, scope: ScopeContext): SpanRecord {
  const traceId = hexId(span.traceId, 'traceId', 16, true) as string;
  const spanId = hexId(span.spanId, 'spanId', 8, true) as string;
  const startNs = toBigInt(span.startTimeUnixNano);
  const endNs = toBigInt(span.endTimeUnixNano);
  const start = nanosToMs(span.startTimeUnixNano, 'startTimeUnixNano');
  if (start === null) throw new FieldError('startTimeUnixNano: required');
  const end = nanosToMs(span.endTimeUnixNano, 'endTimeUnixNano');
  if (end === null) throw new FieldError('endTimeUnixNano: required');
  if (endNs < startNs) throw new FieldError('endTimeUnixNano: before startTimeUnixNano');

  const events = span.events ?? [];
  if (events.length > OTLP_LIMITS.events) throw new FieldError(`events: more than ${OTLP_LIMITS.events}`);
  const eventList = events.map((event, i) => {
    const at = `events[${i}]`;
    return {
      name: text(event.name, `${at}.name`, OTLP_LIMITS.spanName) ?? '',
      timestamp: nanosToMs(event.timeUnixNano, `${at}.timeUnixNano`) ?? start,
      attributes: attributesToObject(event.attributes, `${at}.attributes`),
      ...(event.droppedAttributesCount ? { dropped_attributes_count: event.droppedAttributesCount } : {}),
    };
  });
  const links = (span.links ?? []).map((link, i) => ({
    trace_id: hexId(link.traceId, `links[${i}].traceId`, 16, true),
    span_id: hexId(link.spanId, `links[${i}].spanId`, 8, true),
    attributes: attributesToObject(link.attributes, `links[${i}].attributes`),
  }));

  // Scope and links travel with the span's attributes, under the keys OTel's own non-OTLP
  // exporters use; dropped counts only when the SDK dropped something.
  const attributes: Record<string, unknown> = {
    ...attributesToObject(span.attributes, 'attributes'),
    ...scopeAttributes(scope),
    ...(links.length ? { 'otel.links': links } : {}),
    ...(span.traceState ? { 'otel.trace_state': text(span.traceState, 'traceState', OTLP_LIMITS.traceState) } : {}),
    ...(span.droppedAttributesCount ? { 'otel.dropped_attributes_count': span.droppedAttributesCount } : {}),
    ...(span.droppedEventsCount ? { 'otel.dropped_events_count': span.droppedEventsCount } : {}),
    ...(span.droppedLinksCount ? { 'otel.dropped_links_count': span.droppedLinksCount } : {}),
  };

  return {
    trace_id: traceId,
    span_id: spanId,
    parent_span_id: hexId(span.parentSpanId, 'parentSpanId', 8),
    name: text(span.name, 'name', OTLP_LIMITS.spanName) ?? '',
    kind: spanKindName(span.kind),
    service: resource.service,
    spacecraft_id: resource.spacecraftId,
    start_time: start,
    end_time: end,
    // Nanosecond difference → ms with the sub-millisecond part kept (exact below ~104 days).
    duration_ms: Number(endNs - startNs) / 1e6,
    status_code: statusCodeName(span.status?.code),
    status_message: text(span.status?.message, 'status.message', OTLP_LIMITS.statusMessage),
    attributes: Object.keys(attributes).length ? jsonColumn(attributes, 'attributes') : null,
    events: eventList.length ? jsonColumn(eventList, 'events') : null,
    resource: Object.keys(resource.attributes).length ? jsonColumn(resource.attributes, 'resource.attributes') : null,
  };
}

/** Throws ApiError(bad_request) when the body is not a request at all; otherwise rejects per span. */
export function parseOtlpTraces(body: Buffer, encoding: OtlpEncoding): IngestBatch {
  const { records, rejected } = mapOtlpRecords<OtlpSpan, SpanRecord>(body, encoding, TRACES, (item, resource, scope) => mapSpan(item, resource, scope));
  return { ...emptyBatch(), spans: records, rejected };
}
