import { Type, type Static } from 'typebox';
import { EpochMs, Nullable } from './common';
import { LogLevel } from './logs';

export const EXTRACTION_KINDS = ['regex', 'grok'] as const;
export type ExtractionKind = (typeof EXTRACTION_KINDS)[number];

/** The grok library's pattern names (their regexes live in core/ingest/extract-grok.ts; a test keeps both in step). */
export const GROK_PATTERN_NAMES = [
  'WORD', 'NOTSPACE', 'SPACE', 'DATA', 'GREEDYDATA', 'INT', 'POSINT', 'NONNEGINT', 'NUMBER', 'BASE10NUM', 'BASE16NUM',
  'IPV4', 'IPV6', 'IP', 'HOSTNAME', 'IPORHOST', 'HOSTPORT', 'UUID', 'MAC', 'USERNAME', 'EMAILADDRESS', 'LOGLEVEL',
  'TIMESTAMP_ISO8601', 'HTTPDATE', 'SYSLOGTIMESTAMP', 'QUOTEDSTRING', 'UNIXPATH', 'WINPATH', 'PATH', 'URIPATH', 'URIPARAM', 'DURATION',
] as const;

const Service = Type.String({
  maxLength: 200,
  default: '*',
  description: 'which lines the rule reads: an exact service name, a glob (nav-*, ?-bus), or * / empty for every line',
});
const Pattern = Type.String({
  minLength: 1,
  maxLength: 4000,
  description:
    'regex: JS named captures, (?<field>…), typed with a suffix (?<ms__int>\\d+) or (?<v__float>…); ' +
    'grok: %{PATTERN}, %{PATTERN:field}, %{PATTERN:field:int|float} between regex text',
});

/** What the tester needs of a rule: a draft that may not be saved yet. */
export const ExtractionPattern = Type.Object(
  { kind: Type.Enum(EXTRACTION_KINDS), pattern: Pattern },
  { additionalProperties: false },
);

export const ExtractionRuleInput = Type.Object(
  {
    id: Type.Optional(Type.Integer({ minimum: 1, description: 'present: update this rule; absent: create one' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    service: Type.Optional(Service),
    kind: Type.Enum(EXTRACTION_KINDS),
    pattern: Pattern,
    enabled: Type.Optional(Type.Boolean({ default: true })),
    order: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'rules run in ascending order; the first to fill a field wins' })),
  },
  { additionalProperties: false },
);
export type ExtractionRuleInput = Static<typeof ExtractionRuleInput>;

export const ExtractionRuleStats = Type.Object({
  matched: Type.Integer({ minimum: 0, description: 'lines the rule filled fields of, since the station started' }),
  errors: Type.Integer({ minimum: 0 }),
  last_error: Nullable(Type.String()),
  suspended: Nullable(Type.String({ description: 'why ingest stopped applying the rule (it resumes when the rule is saved again)' })),
});

export const ExtractionRule = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  service: Type.String(),
  kind: Type.Enum(EXTRACTION_KINDS),
  pattern: Type.String(),
  enabled: Type.Boolean(),
  order: Type.Integer(),
  created_at: EpochMs,
  updated_at: EpochMs,
  stats: ExtractionRuleStats,
});
export type ExtractionRule = Static<typeof ExtractionRule>;
export const ExtractionRuleList = Type.Object({ items: Type.Array(ExtractionRule) });
export const ExtractionRuleId = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ExtractionTestInput = Type.Object(
  {
    rule: ExtractionPattern,
    lines: Type.Array(Type.String({ maxLength: 65_536 }), { maxItems: 200, description: 'sample messages, one per item' }),
  },
  { additionalProperties: false },
);
export type ExtractionTestInput = Static<typeof ExtractionTestInput>;

export const ExtractionLineResult = Type.Object({
  matched: Type.Boolean(),
  fields: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  level: Nullable(LogLevel),
  spans: Type.Array(Type.Object({ field: Type.String(), start: Type.Integer(), end: Type.Integer() })),
  error: Nullable(Type.String()),
});
export type ExtractionLineResult = Static<typeof ExtractionLineResult>;

export const ExtractionTestOutput = Type.Object({
  error: Nullable(Type.Object({ message: Type.String(), position: Nullable(Type.Integer({ description: 'offset in pattern, from 0' })) })),
  results: Type.Array(ExtractionLineResult),
});
export type ExtractionTestOutput = Static<typeof ExtractionTestOutput>;
