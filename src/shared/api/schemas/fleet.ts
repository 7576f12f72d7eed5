import { Type, type Static } from 'typebox';
import { Duration, EpochMs, Nullable, TimeBound } from './common';
import { Alert } from './alerts';

export const SPACECRAFT_STATUSES = ['nominal', 'degraded', 'critical', 'lost-contact', 'unknown'] as const;

export const Spacecraft = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Enum(SPACECRAFT_STATUSES),
  last_contact: Nullable(EpochMs),
  location: Nullable(Type.String()),
  mission_type: Nullable(Type.String()),
  health_score: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
  errors_1h: Type.Integer(),
  lines_1h: Type.Integer(),
  active_alerts: Type.Integer(),
});
export type Spacecraft = Static<typeof Spacecraft>;
export const SpacecraftList = Type.Object({ items: Type.Array(Spacecraft) });
export type SpacecraftList = Static<typeof SpacecraftList>;

export const RangeInput = Type.Object(
  { from: Type.Optional(TimeBound), to: Type.Optional(TimeBound) },
  { additionalProperties: false },
);
export type RangeInput = Static<typeof RangeInput>;

const Count = Type.Integer({ minimum: 0 });

export const Overview = Type.Object({
  range: Type.Object({ from: EpochMs, to: EpochMs }),
  totals: Type.Object({
    logs: Count,
    errors: Count,
    spacecraft: Count,
    active_alerts: Count,
    unacknowledged_alerts: Count,
  }),
  by_level: Type.Array(Type.Object({ level: Type.String(), count: Count })),
  by_spacecraft: Type.Array(
    Type.Object({ spacecraft_id: Type.String(), count: Count, errors: Count, last_seen: EpochMs }),
  ),
  by_service: Type.Array(Type.Object({ service: Type.String(), count: Count })),
  ingest_lines_per_s: Type.Number(),
  recent_alerts: Type.Array(Alert),
});
export type Overview = Static<typeof Overview>;

export const TrendsInput = Type.Object(
  {
    from: Type.Optional(TimeBound),
    to: Type.Optional(TimeBound),
    bucket: Type.Optional(Duration),
    group_by: Type.Optional(Type.Union([Type.Literal('level'), Type.Literal('spacecraft_id'), Type.Literal('service')])),
  },
  { additionalProperties: false },
);
export type TrendsInput = Static<typeof TrendsInput>;
export const Trends = Type.Object({
  from: EpochMs,
  to: EpochMs,
  bucket_ms: Type.Integer(),
  group_by: Type.String(),
  series: Type.Array(
    Type.Object({ name: Type.String(), total: Count, points: Type.Array(Type.Tuple([EpochMs, Count])) }),
  ),
  previous_total: Count,
  total: Count,
});
export type Trends = Static<typeof Trends>;

export const ENDPOINT_KINDS = ['http', 'tcp'] as const;
export const EndpointInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(Type.Enum(ENDPOINT_KINDS)),
    endpoint_url: Type.String({
      minLength: 1,
      maxLength: 2000,
      pattern: '^(https?://[^\\s]+|tcp://[^\\s/]+:[0-9]{1,5})$',
      description: 'http(s)://host[:port]/path, or tcp://host:port',
    }),
    spacecraft_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    check_interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
  },
  { additionalProperties: false },
);
export type EndpointInput = Static<typeof EndpointInput>;
export const Endpoint = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  endpoint_url: Type.String(),
  spacecraft_id: Nullable(Type.String()),
  check_interval: Type.Integer({ description: 'milliseconds' }),
  timeout: Type.Integer({ description: 'milliseconds' }),
  last_check: Nullable(EpochMs),
  status: Type.Union([Type.Literal('unknown'), Type.Literal('up'), Type.Literal('down')]),
  last_latency_ms: Nullable(Type.Number()),
  last_error: Nullable(Type.String()),
  created_at: EpochMs,
});
export type Endpoint = Static<typeof Endpoint>;
export const EndpointList = Type.Object({ items: Type.Array(Endpoint) });
export type EndpointList = Static<typeof EndpointList>;

export const Empty = Type.Object({}, { additionalProperties: false });
export const SystemInfo = Type.Object({
  name: Type.String(),
  version: Type.String(),
  started_at: EpochMs,
  data_dir: Type.String(),
  db_path: Type.String(),
  schema_version: Type.Integer(),
  synchronous: Type.String(),
  storage: Type.Object({
    full: Type.Boolean({ description: 'true while commits fail for lack of space: ingest answers 503' }),
    since: Nullable(EpochMs),
    message: Type.String(),
  }),
});
export type SystemInfo = Static<typeof SystemInfo>;
