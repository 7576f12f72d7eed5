import { Type, type Static } from 'typebox';

/** Epoch milliseconds, UTC. Every timestamp we store or return has this shape. */
export const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds, UTC' });

/** A time bound as typed by people and scripts: ISO 8601, epoch ms, or relative (`now`, `now-1h`). */
export const TimeBound = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'ISO 8601, epoch milliseconds, or relative like now-15m, now-1h, now-7d',
});

/** Durations are written like `30s`, `5m`, `2h`, `1d`. */
export const Duration = Type.String({
  pattern: '^[0-9]{1,9}(ms|s|m|h|d)$',
  maxLength: 12,
  description: 'a duration such as 500ms, 30s, 5m, 2h, 1d',
});

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ShortText = (max = 200) => Type.String({ minLength: 1, maxLength: max });

export const Labels = Type.Record(Type.String({ maxLength: 128 }), Type.String({ maxLength: 1024 }));

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const IdParam = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
