import type { Database } from 'better-sqlite3';
import type { AlertEngine } from '../alerts/engine';
import type { AlertsRepo } from '../db/repos/alerts';
import type { EndpointsRepo, SpacecraftRepo } from '../db/repos/fleet';
import type { LogsRepo } from '../db/repos/logs';
import type { MetricsRepo } from '../db/repos/metrics';
import type { IngestRepo } from '../db/repos/ingest';
import type { StorageState } from '../ingest/index';
import type { Synchronous } from '../db/open';
import type { EventBus } from '../events';
import type { NotifyRepo } from '../db/repos/notify';
import type { Notifications } from '../notify/index';
import type { EndpointScheduler } from '../monitoring/endpoint-scheduler';
import type { SystemCollector } from '../monitoring/system-collector';
import type { ExtractionRules } from '../ingest/extract-rules';
import type { LogReads } from '../query/worker/log-reads';
import type { MetricReads } from '../query/worker/metric-reads';

/** What every domain's handlers may use. Built once by createCore. */
export interface HandlerContext {
  db: Database;
  /**
   * Log searches and the views around them, run on query threads with a time limit (see
   * query/worker). Absent: run inline on `repos.logs` (unit tests, tools).
   */
  logReads?: LogReads;
  /** Metric instant and range queries on the query threads; absent: inline on `repos.metrics`. */
  metricReads?: MetricReads;
  /** Resolves once every metric sample answered so far is readable; absent: always readable. */
  metricsVisible?: () => Promise<void>;
  repos: { logs: LogsRepo; metrics: MetricsRepo; alerts: AlertsRepo; spacecraft: SpacecraftRepo; endpoints: EndpointsRepo; ingest: IngestRepo; notify: NotifyRepo };
  engine: AlertEngine;
  collector: SystemCollector;
  scheduler: EndpointScheduler;
  events: EventBus;
  now: () => number;
  /** Whether ingest commits currently fail for lack of space. */
  storage: () => StorageState;
  /** The extraction rules ingest applies; told when one changes. */
  extraction: ExtractionRules;
  /** Routing tree, channels, outbox dispatcher. */
  notifications: Notifications;
  info: { dataDir: string; dbPath: string; startedAt: number; synchronous: Synchronous; version: string };
}
