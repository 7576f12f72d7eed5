import type { Api } from '../../shared/api/contract';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { parseRange } from '../query/time';
import type { HandlerContext } from './context';

export function systemHandlers(ctx: HandlerContext): Pick<Api, 'metrics.system' | 'metrics.series' | 'system.info'> {
  return {
    async 'metrics.system'() {
      return ctx.collector.current();
    },

    async 'metrics.series'(input) {
      await ctx.metricsVisible?.();
      const now = ctx.now();
      const r = parseRange(input, now, 'now-1h');
      const { points, unit } = ctx.repos.metrics.series(input.name, r.from ?? now - 3_600_000, r.to ?? now, input.source_system, input.limit ?? 2000);
      return { name: input.name, unit, points };
    },

    async 'system.info'() {
      return {
        name: 'Observatory',
        version: ctx.info.version,
        started_at: ctx.info.startedAt,
        data_dir: ctx.info.dataDir,
        db_path: ctx.info.dbPath,
        schema_version: LATEST_SCHEMA_VERSION,
        synchronous: ctx.info.synchronous,
        storage: ctx.storage(),
      };
    },
  };
}
