import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { LOG_LEVELS, type LogLevel } from '../../shared/api/schemas/logs';
import { decodeCursor, encodeCursor } from '../query/log-filter';
import { levelsAtLeast, normaliseLevel, parseLogQuery } from '../query/log-query';
import { parseRange } from '../query/time';
import type { HandlerContext } from './context';

function parseLevels(level: string | undefined, minLevel: string | undefined): LogLevel[] | undefined {
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

export function logsHandlers(ctx: HandlerContext): Pick<Api, 'logs.search' | 'logs.values'> {
  return {
    async 'logs.search'(input) {
      const range = parseRange(input, ctx.now(), null);
      const after = input.cursor ? decodeCursor(input.cursor) : null;
      if (input.cursor && !after) throw new ApiError('bad_request', 'cursor: not a cursor this station issued');
      const limit = input.limit ?? 100;
      // Parsed here too, for the hints: an unbalanced parenthesis is a 400 before any SQL runs.
      const hints = input.q ? parseLogQuery(input.q).hints : [];
      const items = ctx.repos.logs.search(
        {
          q: input.q,
          levels: parseLevels(input.level, input.min_level),
          service: input.service,
          spacecraft_id: input.spacecraft_id,
          request_id: input.request_id,
          trace_id: input.trace_id,
          from: range.from,
          to: range.to,
        },
        after,
        limit + 1,
      );
      const more = items.length > limit;
      if (more) items.pop();
      const last = items[items.length - 1];
      return { items, next_cursor: more && last ? encodeCursor(last.timestamp, last.id) : null, ...(hints.length ? { hints } : {}) };
    },

    async 'logs.values'(input) {
      const range = parseRange(input, ctx.now(), null);
      const values = ctx.repos.logs.countBy(input.field, { from: range.from, to: range.to }, input.limit ?? 50);
      return { field: input.field, values };
    },
  };
}
