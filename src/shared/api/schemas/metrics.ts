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

/** A query in the metric query language (a PromQL subset; see src/core/query/metrics/README.md). */
const MetricQueryText = Type.String({ minLength: 1, maxLength: 4000, description: 'e.g. sum by (spacecraft) (rate(packets_total[5m]))' });
const SeriesLabels = Type.Record(Type.String(), Type.String());

export const MetricQueryInput = Type.Object(
  {
    query: MetricQueryText,
    time: Type.Optional(Type.String({ maxLength: 64, description: 'evaluation instant: ISO 8601, epoch ms or now-5m (default now)' })),
  },
  { additionalProperties: false },
);
export type MetricQueryInput = Static<typeof MetricQueryInput>;
export const MetricQueryOutput = Type.Object({
  resultType: Type.Enum(['vector', 'scalar'] as const),
  series: Type.Array(Type.Object({ labels: SeriesLabels, value: Type.Number() })),
});
export type MetricQueryOutput = Static<typeof MetricQueryOutput>;

export const MetricQueryRangeInput = Type.Object(
  {
    query: MetricQueryText,
    start: Type.Optional(Type.String({ maxLength: 64, description: 'default now-1h' })),
    end: Type.Optional(Type.String({ maxLength: 64, description: 'default now' })),
    step: Type.Optional(Type.String({ maxLength: 12, description: 'a duration such as 15s, 1m, 1h (default: range / 250)' })),
    max_points: Type.Optional(Type.Integer({ minimum: 2, maximum: 20000, description: 'points per series at most (min/max per bucket beyond)' })),
  },
  { additionalProperties: false },
);
export type MetricQueryRangeInput = Static<typeof MetricQueryRangeInput>;
export const METRIC_RESOLUTIONS = ['raw', '1m', '1h', '1d'] as const;
export const MetricQueryRangeOutput = Type.Object({
  series: Type.Array(Type.Object({ labels: SeriesLabels, points: Type.Array(Type.Tuple([EpochMs, Type.Number()])) })),
  resolution: Type.Enum(METRIC_RESOLUTIONS),
  stepMs: Type.Integer({ minimum: 1 }),
});
export type MetricQueryRangeOutput = Static<typeof MetricQueryRangeOutput>;

export const MetricNamesInput = Type.Object(
  { prefix: Type.Optional(Type.String({ maxLength: 200, description: 'only names starting with this' })) },
  { additionalProperties: false },
);
export const MetricNames = Type.Object({
  names: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Nullable(Type.String()),
      unit: Nullable(Type.String()),
      labels: Type.Array(Type.String(), { description: 'label keys seen on this metric' }),
      series: Type.Integer({ minimum: 0 }),
    }),
  ),
});
export type MetricNames = Static<typeof MetricNames>;

const MetricRetentionAge = Type.String({ maxLength: 16, description: 'hours or days (12h, 7d, 365d) or forever' });
/** How long raw samples and each rollup resolution are kept. */
export const MetricRetention = Type.Object({
  raw: MetricRetentionAge,
  '1m': MetricRetentionAge,
  '1h': MetricRetentionAge,
  '1d': MetricRetentionAge,
});
export type MetricRetention = Static<typeof MetricRetention>;
export const MetricRetentionSetInput = Type.Object(
  {
    raw: Type.Optional(MetricRetentionAge),
    '1m': Type.Optional(MetricRetentionAge),
    '1h': Type.Optional(MetricRetentionAge),
    '1d': Type.Optional(MetricRetentionAge),
  },
  { additionalProperties: false },
);
