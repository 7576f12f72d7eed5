import { Type, type Static } from 'typebox';
import { Duration, EpochMs, Labels, Nullable, TimeBound } from './common';

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

/** The query and filters every log view shares (search, histogram, facets, export). */
export const LogQueryFields = {
  q: Type.Optional(Type.String({ maxLength: 2000, description: 'the log query language: words, "phrases", prefix*, -word, OR, ( ), field terms (see the README)' })),
  level: Type.Optional(Type.String({ maxLength: 100, description: 'one level or a comma-separated list, exact' })),
  min_level: Type.Optional(Type.String({ maxLength: 20, description: 'this level and above, e.g. WARN' })),
  service: Type.Optional(Filter('exact service name')),
  spacecraft_id: Type.Optional(Filter('exact spacecraft id')),
  request_id: Type.Optional(Filter('exact request id')),
  trace_id: Type.Optional(Filter('exact trace id')),
  from: Type.Optional(TimeBound),
  to: Type.Optional(TimeBound),
};

export const LogSearchInput = Type.Object(
  {
    ...LogQueryFields,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor from the previous page' })),
  },
  { additionalProperties: false },
);
export type LogSearchInput = Static<typeof LogSearchInput>;

export const LogSearchOutput = Type.Object({
  items: Type.Array(LogEntry),
  next_cursor: Nullable(Type.String()),
  hints: Type.Optional(
    Type.Array(Type.Object({ position: Type.Integer({ description: 'offset in q, from 0' }), message: Type.String() }), {
      description: 'parts of q read differently from how they may have been meant (searched as text, ignored)',
    }),
  ),
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

export const LogHistogramInput = Type.Object(
  {
    ...LogQueryFields,
    bucket: Type.Optional(Duration),
    exact: Type.Optional(Type.Boolean({ description: 'count every match even when that takes long (by default a histogram whose exact count would take over 0.35 s (--histogram-exact) is estimated from a sample)' })),
  },
  { additionalProperties: false },
);
export type LogHistogramInput = Static<typeof LogHistogramInput>;
const LevelCounts = Type.Object({
  DEBUG: Type.Integer(),
  INFO: Type.Integer(),
  WARN: Type.Integer(),
  ERROR: Type.Integer(),
  CRITICAL: Type.Integer(),
});
export const LogHistogram = Type.Object({
  from: EpochMs,
  to: EpochMs,
  bucket_ms: Type.Integer({ description: 'chosen from the range (about 60–90 buckets) unless given' }),
  buckets: Type.Array(Type.Object({ t: EpochMs, total: Type.Integer(), counts: LevelCounts })),
  total: Type.Integer(),
  sampled: Type.Optional(
    Type.Object(
      {
        fraction: Type.Number({ description: 'share of each bucket counted, e.g. 0.125: counts are estimates scaled from it' }),
        note: Type.String(),
      },
      { description: 'present when the counts are estimated from a sample of the range, absent when exact' },
    ),
  ),
});
export type LogHistogram = Static<typeof LogHistogram>;

export const LogFacetsInput = Type.Object(
  { ...LogQueryFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) },
  { additionalProperties: false },
);
export type LogFacetsInput = Static<typeof LogFacetsInput>;
const FacetValues = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
export const LogFacets = Type.Object({
  level: FacetValues,
  service: FacetValues,
  spacecraft_id: FacetValues,
  source: FacetValues,
});
export type LogFacets = Static<typeof LogFacets>;

export const LogContextInput = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    before: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 20 })),
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 20 })),
    same: Type.Optional(Type.Enum(['service', 'spacecraft_id', 'both', 'any'] as const, { default: 'both' })),
  },
  { additionalProperties: false },
);
export type LogContextInput = Static<typeof LogContextInput>;
export const LogContext = Type.Object({
  anchor: LogEntry,
  /** Oldest first, ending just before the anchor. */
  before: Type.Array(LogEntry),
  /** Oldest first, starting just after the anchor. */
  after: Type.Array(LogEntry),
});
export type LogContext = Static<typeof LogContext>;

export const SavedSearchInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    query: Type.Object(
      {
        q: Type.Optional(Type.String({ maxLength: 2000 })),
        level: Type.Optional(Type.String({ maxLength: 100 })),
        min_level: Type.Optional(Type.String({ maxLength: 20 })),
        service: Type.Optional(Type.String({ maxLength: 200 })),
        spacecraft_id: Type.Optional(Type.String({ maxLength: 200 })),
        from: Type.Optional(TimeBound),
        to: Type.Optional(TimeBound),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SavedSearchInput = Static<typeof SavedSearchInput>;
export const SavedSearch = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  query: Type.Record(Type.String(), Type.String()),
  created_at: EpochMs,
  updated_at: EpochMs,
});
export type SavedSearch = Static<typeof SavedSearch>;
export const SavedSearchList = Type.Object({ items: Type.Array(SavedSearch) });
export const SavedSearchId = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const Deleted = Type.Object({ deleted: Type.Boolean() });
