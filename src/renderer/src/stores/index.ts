/**
 * The console's store instances, one per domain, all bound to the one API client. Pages import
 * these hooks; tests build their own with the `create*Store(api)` factories and a memory transport.
 */
import { api, startExport } from '../api';
import { openLogTail } from '../api/log-tail';
import { createAlertsStore } from './alerts';
import { createEndpointsStore } from './endpoints';
import { createExtractionStore } from './extraction';
import { createLogAnalysisStore } from './log-analysis';
import { createLogTailStore } from './log-tail';
import { createLogsStore } from './logs';
import { createLogsExportStore } from './logs-export';
import { createLogValuesStore } from './logs-values';
import { createMetricsStore } from './metrics';
import { createNotificationsStore } from './notifications';
import { createExplorerStore } from './metrics-explorer';
import { createDashboardsStore } from './dashboards';
import { createOverviewStore } from './overview';
import { createRulesStore } from './rules';
import { createSearchesStore } from './searches';
import { createSpacecraftStore } from './spacecraft';
import { createSystemStore } from './system';
import { createTrendsStore } from './trends';

export const useLogsStore = createLogsStore(api);
export const useLogAnalysisStore = createLogAnalysisStore(api);
export const useLogTailStore = createLogTailStore(openLogTail);
export const useLogsExportStore = createLogsExportStore(startExport);
export const useLogValuesStore = createLogValuesStore(api);
export const useSearchesStore = createSearchesStore(api);
export const useOverviewStore = createOverviewStore(api);
export const useAlertsStore = createAlertsStore(api);
export const useRulesStore = createRulesStore(api);
export const useSpacecraftStore = createSpacecraftStore(api);
export const useEndpointsStore = createEndpointsStore(api);
export const useMetricsStore = createMetricsStore(api);
export const useExplorerStore = createExplorerStore(api);
export const useDashboardsStore = createDashboardsStore(api);
export const useSystemStore = createSystemStore(api);
export const useExtractionStore = createExtractionStore(api);
export const useNotificationsStore = createNotificationsStore(api);
export const useTrendsStore = createTrendsStore(api);

/** Boot with the alert list too, so the banner is right the moment the app reports ready. */
export const bootConsole = (): Promise<void> =>
  useSystemStore.getState().boot([
    async () => ((await useAlertsStore.getState().load()) ? null : useAlertsStore.getState()),
  ]);
