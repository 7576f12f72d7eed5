import type { Api, MethodName } from '../../shared/api/contract';
import { alertHandlers } from './alerts';
import type { HandlerContext } from './context';
import { dashboardHandlers } from './dashboards';
import { extractionHandlers } from './extraction';
import { fleetHandlers } from './fleet';
import { logAnalysisHandlers } from './log-analysis';
import { logsHandlers } from './logs';
import { metricsHandlers } from './metrics';
import { notifyHandlers } from './notify';
import { retentionHandlers } from './retention';
import { searchesHandlers } from './searches';
import { systemHandlers } from './system';

/** Merge per-domain maps, refusing a method implemented twice. */
export function combine<T extends object>(...maps: Partial<Api>[]): T {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, fn] of Object.entries(map)) {
      if (name in out) throw new Error(`API method ${name} is implemented twice`);
      out[name] = fn;
    }
  }
  return out as T;
}

/** The whole API. Typed as Api, so a contract entry without a handler fails typecheck. */
export function createApi(ctx: HandlerContext): Api {
  const api: Api = combine<
    ReturnType<typeof logsHandlers> &
      ReturnType<typeof alertHandlers> &
      ReturnType<typeof fleetHandlers> &
      ReturnType<typeof dashboardHandlers> &
      ReturnType<typeof systemHandlers> &
      ReturnType<typeof logAnalysisHandlers> &
      ReturnType<typeof searchesHandlers> &
      ReturnType<typeof retentionHandlers> &
      ReturnType<typeof extractionHandlers> &
      ReturnType<typeof notifyHandlers> &
      ReturnType<typeof metricsHandlers>
  >(
    logsHandlers(ctx),
    alertHandlers(ctx),
    fleetHandlers(ctx),
    dashboardHandlers(ctx),
    systemHandlers(ctx),
    logAnalysisHandlers(ctx),
    searchesHandlers(ctx),
    retentionHandlers(ctx),
    extractionHandlers(ctx),
    notifyHandlers(ctx),
    metricsHandlers(ctx),
  );
  return api;
}

export type { MethodName };
