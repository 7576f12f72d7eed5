import type { Alert } from './schemas/alerts';
import type { SystemMetrics } from './schemas/metrics';

/** Events the core pushes to every UI (SSE over HTTP, the event channel over IPC). */
export type AppEvent =
  | { type: 'alert.fired'; alert: Alert }
  | { type: 'alert.updated'; alert: Alert }
  | { type: 'logs.ingested'; count: number; spacecraft_ids: string[] }
  | { type: 'metrics.system'; snapshot: SystemMetrics }
  /** The station's storage refused a commit (disk full), or accepts again. */
  | { type: 'station.storage'; full: boolean; since: number | null; message: string }
  /** Desktop only: the shell asks the window to show a page (e.g. after a notification click). */
  | { type: 'ui.navigate'; hash: string };

export type AppEventType = AppEvent['type'];
export const APP_EVENT_TYPES: readonly AppEventType[] = ['alert.fired', 'alert.updated', 'logs.ingested', 'metrics.system', 'station.storage', 'ui.navigate'];
