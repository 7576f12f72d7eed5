import { Type, type Static } from 'typebox';
import { EpochMs, Nullable } from './common';

/**
 * How long lines of one level are kept: `12h`, `30d`, … or `forever`. Checked by the handler
 * (not a schema pattern) so a refusal names the level it is about.
 */
const RetentionAge = Type.String({ minLength: 1, maxLength: 16, description: 'how long lines are kept: 12h, 30d, 365d, or forever' });

export const RetentionPolicy = Type.Object(
  { DEBUG: RetentionAge, INFO: RetentionAge, WARN: RetentionAge, ERROR: RetentionAge, CRITICAL: RetentionAge },
  { additionalProperties: false },
);
export type RetentionPolicy = Static<typeof RetentionPolicy>;

export const RetentionStats = Type.Object({
  archived_total: Type.Integer({ minimum: 0, description: 'lines written to the archive since the store was created' }),
  deleted_total: Type.Integer({ minimum: 0, description: 'lines deleted from the store by retention' }),
  last_run_at: Nullable(EpochMs),
  last_run_deleted: Type.Integer({ minimum: 0 }),
  archive_dir: Type.String({ description: 'where logs-YYYY-MM-DD.ndjson.gz files are written' }),
});
export type RetentionStats = Static<typeof RetentionStats>;

export const Retention = Type.Object({ policy: RetentionPolicy, stats: RetentionStats });
export type Retention = Static<typeof Retention>;

export const RetentionSetInput = Type.Object(
  {
    policy: Type.Object(
      {
        DEBUG: Type.Optional(RetentionAge),
        INFO: Type.Optional(RetentionAge),
        WARN: Type.Optional(RetentionAge),
        ERROR: Type.Optional(RetentionAge),
        CRITICAL: Type.Optional(RetentionAge),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RetentionSetInput = Static<typeof RetentionSetInput>;
