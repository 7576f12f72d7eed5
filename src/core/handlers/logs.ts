import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { decodeCursor, encodeCursor } from '../query/log-filter';
import { parseLogQuery } from '../query/log-query';
import { parseRange } from '../query/time';
import { inlineLogReads } from '../query/worker/log-reads';
import type { HandlerContext } from './context';
import { logFilterFrom } from './log-filter-input';

export function logsHandlers(ctx: HandlerContext): Pick<Api, 'logs.search' | 'logs.values'> {
  const reads = ctx.logReads ?? inlineLogReads(ctx.repos.logs);
  return {
    async 'logs.search'(input) {
      const after = input.cursor ? decodeCursor(input.cursor) : null;
      if (input.cursor && !after) throw new ApiError('bad_request', 'cursor: not a cursor this station issued');
      const limit = input.limit ?? 100;
      // Parsed here too, for the hints: an unbalanced parenthesis is a 400 before any SQL runs.
      const hints = input.q ? parseLogQuery(input.q).hints : [];
      const items = await reads.search(logFilterFrom(input, ctx.now(), null, false), after, limit + 1);
      const more = items.length > limit;
      if (more) items.pop();
      const last = items[items.length - 1];
      return { items, next_cursor: more && last ? encodeCursor(last.timestamp, last.id) : null, ...(hints.length ? { hints } : {}) };
    },

    async 'logs.values'(input) {
      const range = parseRange(input, ctx.now(), null);
      const values = await reads.countBy(input.field, { from: range.from, to: range.to }, input.limit ?? 50);
      return { field: input.field, values };
    },
  };
}
