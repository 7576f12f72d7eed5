/**
 * OTLP/HTTP answers, in the request's encoding: ExportXServiceResponse (partial_success only
 * when something was rejected, as the spec asks) and google.rpc.Status for 4xx/5xx.
 */
import protojson from 'protobufjs/ext/protojson.js';
import type protobuf from 'protobufjs';
import type { OtlpEncoding } from './decode';
import { OtlpTypes } from './proto';

export type OtlpSignal = 'logs' | 'metrics' | 'traces';

const RESPONSE: Record<OtlpSignal, { type: protobuf.Type; field: string; noun: string }> = {
  logs: { type: OtlpTypes.ExportLogsServiceResponse, field: 'rejectedLogRecords', noun: 'log record' },
  metrics: { type: OtlpTypes.ExportMetricsServiceResponse, field: 'rejectedDataPoints', noun: 'data point' },
  traces: { type: OtlpTypes.ExportTraceServiceResponse, field: 'rejectedSpans', noun: 'span' },
};

/** The partial_success count field of each signal's response (camelCase, as in OTLP/JSON). */
export function rejectedField(signal: OtlpSignal): string {
  return RESPONSE[signal].field;
}

export const CONTENT_TYPE: Record<OtlpEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

export interface OtlpBody {
  contentType: string;
  body: Buffer | string;
}

const MAX_LISTED = 10;
const MAX_MESSAGE = 2000;

/** "2 log records rejected: #1 traceId: …; #4 body: …" (0-based positions in request order). */
export function rejectionMessage(signal: OtlpSignal, rejected: readonly { index: number; error: string }[]): string {
  const { noun } = RESPONSE[signal];
  const listed = rejected.slice(0, MAX_LISTED).map((r) => `#${r.index} ${r.error}`);
  const more = rejected.length > MAX_LISTED ? `; and ${rejected.length - MAX_LISTED} more` : '';
  const text = `${rejected.length} ${noun}${rejected.length === 1 ? '' : 's'} rejected: ${listed.join('; ')}${more}`;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

function encode(type: protobuf.Type, value: Record<string, unknown>, encoding: OtlpEncoding): OtlpBody {
  const message = type.fromObject(value);
  return encoding === 'protobuf'
    ? { contentType: CONTENT_TYPE.protobuf, body: Buffer.from(type.encode(message).finish()) }
    : { contentType: CONTENT_TYPE.json, body: JSON.stringify(protojson.toJson(type, message)) };
}

/** 200's body: empty on full success; partial_success with the count and the reasons otherwise. */
export function exportResponse(signal: OtlpSignal, rejected: readonly { index: number; error: string }[], encoding: OtlpEncoding): OtlpBody {
  const { type, field } = RESPONSE[signal];
  if (rejected.length === 0) return encode(type, {}, encoding);
  return encode(type, { partialSuccess: { [field]: rejected.length, errorMessage: rejectionMessage(signal, rejected) } }, encoding);
}

/** The gRPC code a google.rpc.Status carries for an HTTP status, per OTLP/HTTP's table. */
export function grpcCode(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
    case 413:
    case 415:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 5; // NOT_FOUND
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 503:
      return 14; // UNAVAILABLE
    case 504:
      return 4; // DEADLINE_EXCEEDED
    default:
      return httpStatus >= 500 ? 13 : 2; // INTERNAL / UNKNOWN
  }
}

export function statusBody(httpStatus: number, message: string, encoding: OtlpEncoding): OtlpBody {
  return encode(OtlpTypes.Status, { code: grpcCode(httpStatus), message }, encoding);
}
