import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { LogHistogram, LogLevel } from '../../shared/api/schemas/logs';
import { bucketCount, bucketStart, MAX_BUCKETS, pickBucket } from '../query/buckets';
import { parseDuration } from '../query/time';
import { inlineLogReads } from '../query/worker/log-reads';
import type { HandlerContext } from './context';
import { logFilterFrom } from './log-filter-input';

const zeroCounts = (): Record<LogLevel, number> => ({ DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, CRITICAL: 0 });

/** Histogram, facets and context: the views around a log search. */
export function logAnalysisHandlers(ctx: HandlerContext): Pick<Api, 'logs.histogram' | 'logs.facets' | 'logs.context'> {
  const reads = ctx.logReads ?? inlineLogReads(ctx.repos.logs);
  return {
    async 'logs.histogram'(input) {
      const filter = logFilterFrom(input, ctx.now(), 'now-24h', true);
      const from = filter.from as number;
      const to = filter.to as number;
      const bucket_ms = input.bucket ? parseDuration(input.bucket, 'bucket') : pickBucket(Math.max(1, to - from));
      if (bucket_ms < 1) throw new ApiError('bad_request', 'bucket: must be at least 1ms');
      const n = bucketCount(from, to, bucket_ms);
      if (n > MAX_BUCKETS) {
        throw new ApiError('bad_request', `bucket: ${input.bucket ?? bucket_ms + 'ms'} gives ${n} buckets over this range; at most ${MAX_BUCKETS} (use a larger bucket or a shorter range)`);
      }
      const first = bucketStart(from, bucket_ms);
      // Every bucket present, zeros included, so charts need no gap logic.
      const buckets: LogHistogram['buckets'] = Array.from({ length: n }, (_, i) => ({ t: first + i * bucket_ms, total: 0, counts: zeroCounts() }));
      let total = 0;
      const counted = await reads.histogram(filter, first, bucket_ms, { exact: input.exact === true });
      for (const row of counted.rows) {
        const b = buckets[row.b];
        if (!b) continue; // cannot happen: the filter keeps timestamps within [from, to]
        b.counts[row.level] += row.n;
        b.total += row.n;
        total += row.n;
      }
      if (counted.every === 1) return { from, to, bucket_ms, buckets, total };
      const note = counted.subtracted
        ? `Estimated: the lines matching all but the negated words were counted exactly; of those that also contain them, about 1 in ${counted.every} (picked by a hash of their position) was counted, scaled up and subtracted, because counting them all would take too long. Narrow the query or the range, or ask for the exact count.`
        : `Estimated: about 1 line in ${counted.every} (picked by a hash of their position in the store) was counted and scaled up, because counting every match would take too long. Narrow the query or the range, or ask for the exact count.`;
      return { from, to, bucket_ms, buckets, total, sampled: { fraction: 1 / counted.every, note } };
    },

    async 'logs.facets'(input) {
      const filter = logFilterFrom(input, ctx.now(), 'now-24h', false);
      // The same default range as the histogram: the two are shown side by side.
      return reads.facets(filter, input.limit ?? 10);
    },

    async 'logs.context'(input) {
      const found = await reads.context(input.id, input.same ?? 'both', input.before ?? 20, input.after ?? 20);
      if (!found) throw new ApiError('not_found', `log line ${input.id} does not exist`);
      return found;
    },
  };
}
