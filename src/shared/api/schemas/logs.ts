import { Type, type Static } from 'typebox';
import { EpochMs, Labels, Nullable, TimeBound } from './common';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LogLevel = Type.Enum(LOG_LEVELS);

export const LogEntry = Type.Object({
  id: Type.Integer(),
  timestamp: EpochMs,
  level: LogLevel,
  service: Nullable(Type.String()),
  message: Type.String(),
  metadata: Type.Unknown({ description: 'free JSON as posted, or null' }),
  spacecraft_id: Nullable(Type.String()),
  request_id: Nullable(Type.String()),
  trace_id: Nullable(Type.String()),
  span_id: Nullable(Type.String()),
  source: Nullable(Type.String()),
  labels: Nullable(Labels),
  created_at: EpochMs,
});
export type LogEntry = Static<typeof LogEntry>;

const Filter = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

export const LogSearchInput = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 2000, description: 'free text; words are ANDed, "quoted phrases" kept together' })),
    level: Type.Optional(Type.String({ maxLength: 100, description: 'one level or a comma-separated list, exact' })),
    min_level: Type.Optional(Type.String({ maxLength: 20, description: 'this level and above, e.g. WARN' })),
    service: Type.Optional(Filter('exact service name')),
    spacecraft_id: Type.Optional(Filter('exact spacecraft id')),
    request_id: Type.Optional(Filter('exact request id')),
    trace_id: Type.Optional(Filter('exact trace id')),
    from: Type.Optional(TimeBound),
    to: Type.Optional(TimeBound),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor from the previous page' })),
  },
  { additionalProperties: false },
);
export type LogSearchInput = Static<typeof LogSearchInput>;

export const LogSearchOutput = Type.Object({
  items: Type.Array(LogEntry),
  next_cursor: Nullable(Type.String()),
});
export type LogSearchOutput = Static<typeof LogSearchOutput>;

export const LOG_VALUE_FIELDS = ['service', 'spacecraft_id', 'source', 'level'] as const;
export const LogValuesInput = Type.Object(
  {
    field: Type.Enum(LOG_VALUE_FIELDS),
    from: Type.Optional(TimeBound),
    to: Type.Optional(TimeBound),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type LogValuesInput = Static<typeof LogValuesInput>;
export const LogValuesOutput = Type.Object({
  field: Type.String(),
  values: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })),
});
export type LogValuesOutput = Static<typeof LogValuesOutput>;

/** One accepted-or-rejected report per ingest request. */
export const IngestResult = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String() })),
  duplicate: Type.Optional(Type.Literal(true, { description: 'this Idempotency-Key was committed before: nothing stored now, first answer repeated' })),
});
export type IngestResult = Static<typeof IngestResult>;
