import { Type, type Static } from 'typebox';
import { EpochMs, Nullable } from './common';

const Bytes = Type.Integer({ minimum: 0 });

export const SystemMetrics = Type.Object({
  timestamp: EpochMs,
  host: Type.Object({
    hostname: Type.String(),
    platform: Type.String(),
    uptime_s: Type.Number(),
    cpu: Type.Object({
      cores: Type.Integer(),
      usage_pct: Type.Number({ description: 'all cores, since the previous sample' }),
      load1: Type.Number(),
      load5: Type.Number(),
      load15: Type.Number(),
    }),
    memory: Type.Object({ total_bytes: Bytes, used_bytes: Bytes, free_bytes: Bytes, used_pct: Type.Number() }),
    disk: Nullable(
      Type.Object({ path: Type.String(), total_bytes: Bytes, free_bytes: Bytes, used_pct: Type.Number() }),
    ),
  }),
  process: Type.Object({
    pid: Type.Integer(),
    rss_bytes: Bytes,
    heap_used_bytes: Bytes,
    uptime_s: Type.Number(),
    event_loop_lag_ms: Type.Object({ p50: Type.Number(), p99: Type.Number(), max: Type.Number() }),
  }),
  ingest: Type.Object({
    lines_total: Type.Integer(),
    rejected_total: Type.Integer(),
    throttled_total: Type.Integer({ description: 'requests refused with 429 because the writer was saturated' }),
    queued_records: Type.Integer({ description: 'records waiting for the writer now' }),
    lines_per_s: Type.Number({ description: 'over the last collection interval' }),
    by_protocol: Type.Array(
      Type.Object({
        protocol: Type.String(),
        requests: Type.Integer(),
        lines: Type.Integer(),
        samples: Type.Integer(),
        spans: Type.Integer(),
        rejected: Type.Integer(),
        duplicates: Type.Integer(),
      }),
    ),
  }),
  counters: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()), {
    description: 'Counts kept by listeners outside HTTP (e.g. syslog: stored, malformed, udpDropped, dropped): nothing is lost silently',
  }),
  db: Type.Object({ size_bytes: Bytes, wal_bytes: Bytes }),
});
export type SystemMetrics = Static<typeof SystemMetrics>;

export const METRIC_TYPES = ['gauge', 'counter', 'histogram'] as const;

export const MetricSeriesInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    from: Type.Optional(Type.String({ maxLength: 64 })),
    to: Type.Optional(Type.String({ maxLength: 64 })),
    source_system: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 2000 })),
  },
  { additionalProperties: false },
);
export type MetricSeriesInput = Static<typeof MetricSeriesInput>;
export const MetricSeriesOutput = Type.Object({
  name: Type.String(),
  unit: Nullable(Type.String()),
  points: Type.Array(Type.Tuple([EpochMs, Type.Number()])),
});
export type MetricSeriesOutput = Static<typeof MetricSeriesOutput>;
