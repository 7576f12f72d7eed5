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
import type { EndpointScheduler } from '../monitoring/endpoint-scheduler';
import type { SystemCollector } from '../monitoring/system-collector';

/** What every domain's handlers may use. Built once by createCore. */
export interface HandlerContext {
  db: Database;
  repos: { logs: LogsRepo; metrics: MetricsRepo; alerts: AlertsRepo; spacecraft: SpacecraftRepo; endpoints: EndpointsRepo; ingest: IngestRepo };
  engine: AlertEngine;
  collector: SystemCollector;
  scheduler: EndpointScheduler;
  events: EventBus;
  now: () => number;
  /** Whether ingest commits currently fail for lack of space. */
  storage: () => StorageState;
  info: { dataDir: string; dbPath: string; startedAt: number; synchronous: Synchronous; version: string };
}
