import type { Alert } from './schemas/alerts';
import type { SystemMetrics } from './schemas/metrics';
import type { NotificationMessage } from './schemas/notify';
import type { LogExportProgress, LogTailMessage } from './schemas/log-stream';

/** Events the core pushes to every UI (SSE over HTTP, the event channel over IPC). */
export type AppEvent =
  | { type: 'alert.fired'; alert: Alert }
  | { type: 'alert.updated'; alert: Alert }
  | { type: 'logs.ingested'; count: number; spacecraft_ids: string[] }
  | { type: 'metrics.system'; snapshot: SystemMetrics }
  /** A monitored endpoint went up or down (after its retries), or was paused/resumed. */
  | { type: 'endpoint.state'; endpoint_id: number; name: string; spacecraft_id: string | null; from: 'unknown' | 'up' | 'down' | 'paused'; to: 'unknown' | 'up' | 'down' | 'paused'; at: number; error: string | null }
  /** The station's storage refused a commit (disk full), or accepts again. */
  | { type: 'station.storage'; full: boolean; since: number | null; message: string }
  /** Desktop only: the shell asks the window to show a page (e.g. after a notification click). */
  | { type: 'ui.navigate'; hash: string }
  /** Desktop only, to the window that opened it: one message of a live tail (bridge.tailStart). */
  | { type: 'logs.tail'; subscription: number; message: LogTailMessage }
  /** Desktop only, to the window that started it: how far an export to a file has got. */
  | { type: 'logs.export'; progress: LogExportProgress }
  /** A routed notification for a local channel (desktop popup, in-app banner, browser notification, alarm sound). */
  | { type: 'notification'; channel_kind: 'desktop' | 'in_app' | 'browser' | 'sound'; channel_name: string; notification: NotificationMessage };

export type AppEventType = AppEvent['type'];
export const APP_EVENT_TYPES: readonly AppEventType[] = ['alert.fired', 'alert.updated', 'logs.ingested', 'metrics.system', 'endpoint.state', 'station.storage', 'ui.navigate', 'logs.tail', 'logs.export', 'notification'];
