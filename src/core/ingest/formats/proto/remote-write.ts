/**
 * Prometheus remote write 1.0 (`prometheus.WriteRequest`), described for protobufjs. Field
 * numbers follow the remote-write 1.0 specification. Exemplars (TimeSeries field 3) are not
 * declared, so the decoder skips them; native histograms (field 4) are declared as opaque
 * bytes — wire-compatible with the message — only so they can be counted as skipped.
 */
import protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: {
          fields: {
            timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 },
            // 2 is reserved by the spec.
            metadata: { rule: 'repeated', type: 'MetricMetadata', id: 3 },
          },
        },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
            histograms: { rule: 'repeated', type: 'bytes', id: 4 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
        MetricMetadata: {
          fields: {
            type: { type: 'MetricType', id: 1 },
            metric_family_name: { type: 'string', id: 2 },
            help: { type: 'string', id: 4 },
            unit: { type: 'string', id: 5 },
          },
          nested: {
            MetricType: {
              values: { UNKNOWN: 0, COUNTER: 1, GAUGE: 2, HISTOGRAM: 3, GAUGEHISTOGRAM: 4, SUMMARY: 5, INFO: 6, STATESET: 7 },
            },
          },
        },
      },
    },
  },
});

export const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** An int64 as protobufjs hands it over: a Long when long.js is present, else a number. */
export type Int64 = number | { toNumber(): number };

export interface Label {
  name: string;
  value: string;
}
export interface Sample {
  value: number;
  timestamp: Int64;
}
export interface TimeSeries {
  labels: Label[];
  samples: Sample[];
  histograms: Uint8Array[];
}
export interface MetricMetadata {
  type: number;
  metric_family_name: string;
  help: string;
  unit: string;
}
export interface DecodedWriteRequest {
  timeseries: TimeSeries[];
  metadata: MetricMetadata[];
}

/** Throws (RangeError/Error from protobufjs) when the bytes are not a WriteRequest. */
export function decodeWriteRequest(bytes: Uint8Array): DecodedWriteRequest {
  return WriteRequest.decode(bytes) as unknown as DecodedWriteRequest;
}

export function int64ToNumber(v: Int64): number {
  return typeof v === 'number' ? v : v.toNumber();
}
