/**
 * The query fields every log view shares (LogQueryFields: q, level, min_level, exact filters,
 * from/to) turned into a LogFilter: search, histogram, facets, context and export share it.
 */
import { ApiError } from '../../shared/api/errors';
import { LOG_LEVELS, type LogLevel } from '../../shared/api/schemas/logs';
import type { LogFilter } from '../query/log-filter';
import { levelsAtLeast, normaliseLevel } from '../query/log-query';
import { parseRange } from '../query/time';

export interface LogQueryInput {
  q?: string | undefined;
  level?: string | undefined;
  min_level?: string | undefined;
  service?: string | undefined;
  spacecraft_id?: string | undefined;
  request_id?: string | undefined;
  trace_id?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function parseLevels(level: string | undefined, minLevel: string | undefined): LogLevel[] | undefined {
  let set: LogLevel[] | undefined;
  if (level !== undefined && level.trim() !== '') {
    set = level.split(',').filter((s) => s.trim() !== '').map((s) => {
      const l = normaliseLevel(s);
      if (!l) throw new ApiError('bad_request', `level: "${s.slice(0, 20)}" is not one of ${LOG_LEVELS.join(', ')}`);
      return l;
    });
  }
  if (minLevel !== undefined) {
    const min = normaliseLevel(minLevel);
    if (!min) throw new ApiError('bad_request', `min_level: "${minLevel.slice(0, 20)}" is not one of ${LOG_LEVELS.join(', ')}`);
    const atLeast = levelsAtLeast(min);
    set = set ? set.filter((l) => atLeast.includes(l)) : atLeast;
  }
  return set;
}

/**
 * A LogFilter whose range is resolved: `from` defaults to `defaultFrom` (null: unbounded),
 * `to` to `now` when `toNow` (a fixed end, so a long read is a stable snapshot).
 */
export function logFilterFrom(input: LogQueryInput, now: number, defaultFrom: string | null, toNow: boolean): LogFilter & { from: number | null; to: number | null } {
  const range = parseRange(input, now, defaultFrom);
  return {
    q: input.q,
    levels: parseLevels(input.level, input.min_level),
    service: input.service,
    spacecraft_id: input.spacecraft_id,
    request_id: input.request_id,
    trace_id: input.trace_id,
    from: range.from,
    to: range.to ?? (toNow ? now : null),
  };
}
