/**
 * The OTLP v1 messages we decode and answer with (source text in schema.ts, loaded here with
 * protobufjs) and the shapes the mapping reads from them (types.ts). Field numbers are the wire
 * contract: they are checked against the real SDK exporters in test/integration/otlp*.test.ts.
 * Fields we never store (exemplars, dropped counts, links' flags…) are declared all the same, so
 * decoding stays exact; anything a newer client adds is skipped as an unknown field, as protobuf
 * intends. Only camelCase names reach the code (protobufjs's default), OTLP/JSON's spelling too.
 */
import protobuf from 'protobufjs';
import { ANY, COLLECTOR, COMMON, LOGS, METRICS, RESOURCE, RPC, TRACE } from './schema';

function buildRoot(): protobuf.Root {
  const root = new protobuf.Root();
  for (const source of [COMMON, RESOURCE, LOGS, METRICS, TRACE, COLLECTOR, ANY, RPC]) protobuf.parse(source, root);
  root.resolveAll();
  return root;
}

export const otlpRoot = buildRoot();

export const OtlpTypes = {
  Resource: otlpRoot.lookupType('opentelemetry.proto.resource.v1.Resource'),
  InstrumentationScope: otlpRoot.lookupType('opentelemetry.proto.common.v1.InstrumentationScope'),
  LogRecord: otlpRoot.lookupType('opentelemetry.proto.logs.v1.LogRecord'),
  Metric: otlpRoot.lookupType('opentelemetry.proto.metrics.v1.Metric'),
  Span: otlpRoot.lookupType('opentelemetry.proto.trace.v1.Span'),
  ExportLogsServiceRequest: otlpRoot.lookupType('opentelemetry.proto.collector.ExportLogsServiceRequest'),
  ExportLogsServiceResponse: otlpRoot.lookupType('opentelemetry.proto.collector.ExportLogsServiceResponse'),
  ExportMetricsServiceRequest: otlpRoot.lookupType('opentelemetry.proto.collector.ExportMetricsServiceRequest'),
  ExportMetricsServiceResponse: otlpRoot.lookupType('opentelemetry.proto.collector.ExportMetricsServiceResponse'),
  ExportTraceServiceRequest: otlpRoot.lookupType('opentelemetry.proto.collector.ExportTraceServiceRequest'),
  ExportTraceServiceResponse: otlpRoot.lookupType('opentelemetry.proto.collector.ExportTraceServiceResponse'),
  Status: otlpRoot.lookupType('google.rpc.Status'),
} as const;

export type * from './types';
