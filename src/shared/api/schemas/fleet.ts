import { Type, type Static } from 'typebox';
import { Duration, EpochMs, IdParam, Nullable, TimeBound } from './common';
import { Alert } from './alerts';
import { ErrorRateBySpacecraft, TopMovers } from './dashboards';
import { MetricTrends, MetricTrendsInput } from './trends';

export const SPACECRAFT_STATUSES = ['nominal', 'degraded', 'critical', 'lost-contact', 'unknown'] as const;

export const HEALTH_TERMS = ['errors', 'contact', 'alerts', 'endpoints', 'telemetry'] as const;
export const HealthTerm = Type.Object({
  name: Type.Enum(HEALTH_TERMS),
  points: Type.Number({ maximum: 0, description: 'what this term takes off 100' }),
  max: Type.Number({ description: 'the most this term can take off' }),
  detail: Type.String({ description: 'the figures behind the points, in words' }),
});
export type HealthTerm = Static<typeof HealthTerm>;

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
  expected_contact_interval: Nullable(Type.Integer({ description: 'milliseconds; null: the default (20 min) applies' })),
  registered: Type.Boolean({ description: 'registered by an operator (false: seen first in ingest)' }),
  last_telemetry: Nullable(EpochMs),
  health_terms: Type.Array(HealthTerm, { description: 'what the score is made of: 100 plus these points' }),
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
  error_rate_by_spacecraft: ErrorRateBySpacecraft,
});
export type Overview = Static<typeof Overview>;

export const TrendsInput = Type.Object(
  {
    from: Type.Optional(TimeBound),
    to: Type.Optional(TimeBound),
    bucket: Type.Optional(Duration),
    group_by: Type.Optional(Type.Union([Type.Literal('level'), Type.Literal('spacecraft_id'), Type.Literal('service')])),
    ...MetricTrendsInput,
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
  top_movers: TopMovers,
  /** Present when the input asked for a `period`. */
  metric_trends: Type.Optional(MetricTrends),
});
export type Trends = Static<typeof Trends>;

export const ENDPOINT_KINDS = ['http', 'tcp', 'prometheus'] as const;
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'] as const;
const EndpointUrl = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '^(https?://[^\\s]+|tcp://[^\\s/]+:[0-9]{1,5})$',
  description: 'http(s)://host[:port]/path (http and prometheus), or tcp://host:port',
});

/** Kind-specific settings (each kind reads the ones that concern it and refuses the others). */
const ConfigFields = {
  method: Type.Enum(HTTP_METHODS),
  expected_status: Type.Integer({ minimum: 100, maximum: 599, description: 'http: the status that means up (default: any 2xx/3xx)' }),
  keyword: Type.String({ minLength: 1, maxLength: 500, description: 'http: the body must contain this text' }),
  json_path: Type.String({ minLength: 1, maxLength: 200, pattern: '^\\$?(\\.?[A-Za-z0-9_-]+|\\[[0-9]+\\])+$', description: 'http: a JSON path like $.status or $.checks[0].ok that must exist (and equal json_expected)' }),
  json_expected: Type.String({ maxLength: 500 }),
  cert_expiry_days: Type.Integer({ minimum: 1, maximum: 3650, description: 'https: down when the certificate expires within this many days' }),
  ignore_tls: Type.Boolean({ description: 'https: accept a certificate that does not verify (self-signed, wrong name); expiry is still checked' }),
  job: Type.String({ minLength: 1, maxLength: 200, description: 'prometheus: the job label of scraped series (default: the endpoint name)' }),
};

/** Settings every kind may take. */
const EndpointSettings = {
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'failed checks in a row tolerated before the endpoint is down' })),
  paused: Type.Optional(Type.Boolean()),
  method: Type.Optional(ConfigFields.method),
  expected_status: Type.Optional(ConfigFields.expected_status),
  keyword: Type.Optional(ConfigFields.keyword),
  json_path: Type.Optional(ConfigFields.json_path),
  json_expected: Type.Optional(ConfigFields.json_expected),
  cert_expiry_days: Type.Optional(ConfigFields.cert_expiry_days),
  ignore_tls: Type.Optional(ConfigFields.ignore_tls),
  job: Type.Optional(ConfigFields.job),
};

/** On update a kind-specific setting given as null is removed; left out, it stays. */
const EndpointSettingsUpdate = {
  retries: EndpointSettings.retries,
  paused: EndpointSettings.paused,
  method: Type.Optional(Nullable(ConfigFields.method)),
  expected_status: Type.Optional(Nullable(ConfigFields.expected_status)),
  keyword: Type.Optional(Nullable(ConfigFields.keyword)),
  json_path: Type.Optional(Nullable(ConfigFields.json_path)),
  json_expected: Type.Optional(Nullable(ConfigFields.json_expected)),
  cert_expiry_days: Type.Optional(Nullable(ConfigFields.cert_expiry_days)),
  ignore_tls: Type.Optional(Nullable(ConfigFields.ignore_tls)),
  job: Type.Optional(Nullable(ConfigFields.job)),
};

export const EndpointConfig = Type.Object({
  method: Type.Optional(Type.Enum(HTTP_METHODS)),
  expected_status: Type.Optional(Type.Integer()),
  keyword: Type.Optional(Type.String()),
  json_path: Type.Optional(Type.String()),
  json_expected: Type.Optional(Type.String()),
  cert_expiry_days: Type.Optional(Type.Integer()),
  ignore_tls: Type.Optional(Type.Boolean()),
  job: Type.Optional(Type.String()),
});
export type EndpointConfig = Static<typeof EndpointConfig>;

export const EndpointInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(Type.Enum(ENDPOINT_KINDS)),
    endpoint_url: EndpointUrl,
    spacecraft_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    check_interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    ...EndpointSettings,
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
  config: EndpointConfig,
  retries: Type.Integer({ minimum: 0 }),
  paused: Type.Boolean(),
  failures: Type.Integer({ minimum: 0, description: 'failed checks in a row' }),
  status_since: Nullable(EpochMs),
});
export type Endpoint = Static<typeof Endpoint>;

export const EndpointId = Type.Object({ id: IdParam }, { additionalProperties: false });
export const EndpointUpdateInput = Type.Object(
  {
    id: IdParam,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(Type.Enum(ENDPOINT_KINDS)),
    endpoint_url: Type.Optional(EndpointUrl),
    spacecraft_id: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    check_interval: Type.Optional(Duration),
    timeout: Type.Optional(Duration),
    ...EndpointSettingsUpdate,
  },
  { additionalProperties: false },
);
export type EndpointUpdateInput = Static<typeof EndpointUpdateInput>;
export const EndpointPauseInput = Type.Object({ id: IdParam, paused: Type.Optional(Type.Boolean({ default: true })) }, { additionalProperties: false });

export const EndpointCheck = Type.Object({
  at: EpochMs,
  ok: Type.Boolean(),
  status: Type.Union([Type.Literal('unknown'), Type.Literal('up'), Type.Literal('down')]),
  latency_ms: Nullable(Type.Number()),
  error: Nullable(Type.String()),
});
export const EndpointDetailInput = Type.Object(
  { id: IdParam, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 200 })) },
  { additionalProperties: false },
);
export const EndpointDetail = Type.Object({
  endpoint: Endpoint,
  uptime: Type.Object({
    '24h': Nullable(Type.Number({ description: 'percent of checks that succeeded; null without checks' })),
    '7d': Nullable(Type.Number()),
    '30d': Nullable(Type.Number()),
  }),
  history: Type.Array(EndpointCheck, { description: 'newest first' }),
  state_changes: Type.Array(Type.Object({ at: EpochMs, status: Type.String() }), { description: 'newest first' }),
});
export type EndpointDetail = Static<typeof EndpointDetail>;

export const SpacecraftRegisterInput = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s/]+$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    mission_type: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    expected_contact_interval: Type.Optional(Nullable(Duration)),
  },
  { additionalProperties: false },
);
export type SpacecraftRegisterInput = Static<typeof SpacecraftRegisterInput>;
export const SpacecraftId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const SpacecraftDetail = Type.Object({
  spacecraft: Spacecraft,
  endpoints: Type.Array(Endpoint),
  lines_baseline_24h: Type.Integer(),
  errors_baseline_24h: Type.Integer(),
  computed_at: EpochMs,
});
export type SpacecraftDetail = Static<typeof SpacecraftDetail>;
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
