/** OTLP/HTTP: one entry per signal — its path, its protocol counter name, its parser. */
import type { IngestBatch } from '../../index';
import type { OtlpEncoding } from './decode';
import { parseOtlpLogs } from './logs';
import { parseOtlpMetrics } from './metrics';
import type { OtlpSignal } from './response';
import { parseOtlpTraces } from './traces';

export interface OtlpSignalSpec {
  path: `/v1/${string}`;
  protocol: 'otlp-logs' | 'otlp-metrics' | 'otlp-traces';
  summary: string;
  parse(body: Buffer, encoding: OtlpEncoding, now?: number): IngestBatch;
}

export const OTLP_SIGNALS: Record<OtlpSignal, OtlpSignalSpec> = {
  logs: { path: '/v1/logs', protocol: 'otlp-logs', summary: 'OTLP/HTTP logs (ExportLogsServiceRequest)', parse: parseOtlpLogs },
  metrics: { path: '/v1/metrics', protocol: 'otlp-metrics', summary: 'OTLP/HTTP metrics (ExportMetricsServiceRequest)', parse: parseOtlpMetrics },
  traces: { path: '/v1/traces', protocol: 'otlp-traces', summary: 'OTLP/HTTP traces (ExportTraceServiceRequest)', parse: parseOtlpTraces },
};

export { CONTENT_TYPE, exportResponse, rejectedField, statusBody, type OtlpSignal } from './response';
export type { OtlpEncoding } from './decode';
