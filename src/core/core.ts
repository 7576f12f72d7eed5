import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Api } from '../shared/api/contract';
import { AlertEngine } from './alerts/engine';
import { openDatabase, type Synchronous } from './db/open';
import { AlertsRepo } from './db/repos/alerts';
import { EndpointsRepo, SpacecraftRepo } from './db/repos/fleet';
import { LogsRepo } from './db/repos/logs';
import type { LogFilter } from './query/log-filter';
import { MetricsRepo } from './db/repos/metrics';
import { IngestRepo } from './db/repos/ingest';
import type { SlowQueryLogger } from './db/slow-query';
import { EventBus } from './events';
import { NotifyRepo } from './db/repos/notify';
import { createNotifications, type Notifications } from './notify/index';
import { prepareLogExport, type LogExport, type LogExportInput } from './export/log-export';
import type { HandlerContext } from './handlers/context';
import { createApi } from './handlers/index';
import { BatchWriter, type CommitInfo, type Writer } from './ingest/batch-writer';
import { ThreadedWriter } from './ingest/threaded-writer';
import { createIngestService, type IngestService } from './ingest/index';
import { EndpointScheduler } from './monitoring/endpoint-scheduler';
import { SystemCollector } from './monitoring/system-collector';
import { RetentionRepo } from './db/repos/retention';
import { archiveDir } from './retention/archive';
import { RetentionJob, type RetentionRunResult } from './retention/job';
import { MetricQueryEngine } from './query/metrics/index';
import { MetricRetentionJob } from './retention/metric-retention';
import { ExtractionRulesRepo } from './db/repos/extraction-rules';
import { ExtractionRules } from './ingest/extract-rules';
import { startLogQueryThreads, type LogQueryThreads } from './query/worker/index';
import type { StagingOptions } from './ingest/staged-merge';
import { afterWrites, inlineMetricReads, routedMetricReads, type MetricReads } from './query/worker/metric-reads';

export interface CoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CoreOptions {
  dataDir: string;
  nativeBinding?: string | undefined;
  synchronous?: Synchronous;
  logger?: CoreLogger;
  version?: string;
  /** How often alert rules are evaluated (they also run right after data arrives). */
  alertIntervalMs?: number;
  /** How often host/process/ingest figures are sampled and stored. */
  collectIntervalMs?: number;
  now?: () => number;
  /**
   * 'thread' (default): SQLite writes of ingest run on their own thread, so big commits never
   * stall the event loop that serves HTTP and the UI. 'inline': on this thread (tools, tests).
   */
  writer?: 'thread' | 'inline';
  /** How often expired log lines are archived and deleted (first run a minute after start; 0: only on demand). */
  retentionIntervalMs?: number;
  /** A log search/histogram/facets query running longer than this is stopped with query_too_expensive (default 2000). */
  queryTimeoutMs?: number;
  /** A log histogram whose exact count takes longer is estimated from a sample (default 350 ms). */
  histogramExactMs?: number;
  /** Query threads with their own read-only connections (default 2); 0 runs queries inline, without a time limit. */
  queryThreads?: number;
  /** When large metric batches are staged and moved (ingest/staged-merge.ts); defaults there. Tests. */
  staging?: StagingOptions;
}

export interface Core {
  readonly api: Api;
  readonly events: EventBus;
  readonly ingest: IngestService;
  readonly dataDir: string;
  readonly dbPath: string;
  /** The writer connection; exposed for tests and diagnostics, not for handlers. */
  readonly db: Database;
  /** Publish counts kept outside the core (e.g. the syslog listener's) in GET /metrics/system. */
  addCounters(name: string, read: () => Record<string, number>): void;
  /** A streamed log export (NDJSON/CSV): too large for a contract answer, so its own door. */
  exportLogs(input: LogExportInput): LogExport;
  /** Live tail: the newest line id now, and lines after an id that match a filter. */
  readonly tail: {
    newestId(): number;
    after(filter: LogFilter, afterId: number, limit: number): ReturnType<LogsRepo['tail']>;
  };
  /** The ingest writer (its own connection when threaded). */
  readonly writer: Writer & { pragma?: (pragma: string) => Promise<unknown> };
  /** Routing, channels and the outbox dispatcher (tests drive `dispatcher.runDue()` on a fake clock). */
  readonly notifications: Notifications;
  /** Metric queries (PromQL subset) over the store, for the Prometheus-compatible HTTP API. */
  readonly metricQuery: MetricQueryEngine;
  /** The same queries on the query threads (deadline, off this thread); inline without threads. */
  readonly metricReads: MetricReads;
  /** Archive and delete expired log lines now (the hourly job's run; shares a run under way). */
  runRetention(): Promise<RetentionRunResult>;
  close(): Promise<void>;
}

export const DB_FILE = 'observatory.db';

/** Open the store, wire the engine, start the background loops. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbPath = join(opts.dataDir, DB_FILE);
  const synchronous = opts.synchronous ?? 'NORMAL';
  const db = openDatabase({ path: dbPath, nativeBinding: opts.nativeBinding, synchronous });
  const now = opts.now ?? Date.now;
  const log = opts.logger;
  const slow: SlowQueryLogger = (info) => log?.warn(info, `slow query ${info.label} ${info.ms} ms`);

  const events = new EventBus();
  const repos = {
    logs: new LogsRepo(db, slow),
    metrics: new MetricsRepo(db),
    alerts: new AlertsRepo(db),
    spacecraft: new SpacecraftRepo(db),
    endpoints: new EndpointsRepo(db),
    ingest: new IngestRepo(db),
    notify: new NotifyRepo(db),
  };
  const notifications = createNotifications({
    repo: repos.notify,
    events,
    now,
    // Re-read right before sending; a silenced alert reads as 'silenced' so it is not sent.
    lookup: (id) => {
      const a = repos.alerts.getAlert(id);
      if (!a) return null;
      const { id: alertId, rule_name, severity, message, value, threshold, labels } = a;
      return { id: alertId, rule_name, severity, message, value, threshold, labels, status: a.silenced_by !== null ? 'silenced' : a.status };
    },
    onError: (e, what) => log?.warn({ err: e }, what),
  });
  const engine = new AlertEngine({
    onTransition: notifications.onTransition,
    repo: repos.alerts,
    kinds: { logs: repos.logs, metrics: repos.metrics, spacecraft: repos.spacecraft, endpoints: repos.endpoints },
    events,
    now,
    intervalMs: opts.alertIntervalMs ?? 10_000,
    onError: (e) => log?.error({ err: e }, 'alert rule evaluation failed'),
  });
  const onCommit = (info: CommitInfo) => {
    if (info.lines) events.emit({ type: 'logs.ingested', count: info.lines, spacecraft_ids: info.spacecraftIds });
    engine.dataArrived(info.touched);
  };
  const writer: Writer =
    opts.writer === 'inline'
      ? new BatchWriter(db, repos, onCommit, now)
      : await ThreadedWriter.start({ dbPath, nativeBinding: opts.nativeBinding, synchronous, maxLinesPerCommit: 20_000, ...(opts.staging ? { staging: opts.staging } : {}) }, onCommit, now);
  const counterSources = new Map<string, () => Record<string, number>>();
  const queryThreads: LogQueryThreads | null =
    opts.queryThreads === 0
      ? null
      : await startLogQueryThreads({
          dbPath,
          nativeBinding: opts.nativeBinding,
          ...(opts.queryThreads !== undefined ? { threads: opts.queryThreads } : {}),
          ...(opts.queryTimeoutMs !== undefined ? { timeoutMs: opts.queryTimeoutMs } : {}),
          ...(opts.histogramExactMs !== undefined ? { histogramExactMs: opts.histogramExactMs } : {}),
          onSlow: slow,
          onError: (e) => log?.error({ err: e }, 'a query thread stopped; it is restarted'),
        }).catch(async (e: unknown) => {
          await writer.close();
          db.close();
          throw e;
        });
  if (queryThreads) counterSources.set('queries', () => ({ ...queryThreads.stats() }));
  // Backtests replay history on their own threads and read-only connections (alerts/backtest.ts).
  engine.backtests.runOnThreads({ dbPath, nativeBinding: opts.nativeBinding, onError: (e) => log?.error({ err: e }, 'a backtest thread crashed; its job failed') });
  counterSources.set('backtests', () => ({ ...engine.backtests.stats() }));
  const extraction = new ExtractionRules(() => new ExtractionRulesRepo(db).list());
  const ingest = createIngestService(writer, now, undefined, (state) => {
    if (state.full) log?.error({ storage: state }, 'storage full: ingest refused until space returns');
    else log?.info({}, 'storage accepts writes again');
    events.emit({ type: 'station.storage', ...state });
  }, (record) => extraction.apply(record));
  const collector = new SystemCollector({
    dataDir: opts.dataDir,
    dbPath,
    linesTotal: () => writer.linesTotal,
    rejectedTotal: () => ingest.rejectedTotal,
    ingestCounters: () => ({
      throttled_total: ingest.throttledTotal,
      queued_records: writer.queuedRecords,
      by_protocol: [...ingest.byProtocol].map(([protocol, c]) => ({ protocol, ...c })),
    }),
    counters: () => Object.fromEntries([...counterSources].map(([name, read]) => [name, read()])),
    store: (samples) => writer.write({ logs: [], metrics: samples, spans: [] }).catch((e: unknown) => log?.warn({ err: e }, 'could not store system metrics')),
    publish: (snapshot) => events.emit({ type: 'metrics.system', snapshot }),
    now,
  });
  const scheduler = new EndpointScheduler({
    repo: repos.endpoints,
    // Latency, up/down and scraped series go through the ingest writer like any other samples.
    store: (samples) => writer.write({ logs: [], metrics: samples, spans: [] }),
    emit: (event) => events.emit(event),
    now,
    onError: (e) => log?.warn({ err: e }, 'endpoint check result could not be stored'),
  });

  // Cheap metric queries on this connection, the rest on the query threads (metric-reads.ts),
  // each once every sample answered so far is readable (ingest/staged-merge.ts).
  const metricsVisible = () => writer.metricsVisible();
  const metricReads = afterWrites(
    queryThreads
      ? routedMetricReads(queryThreads.metricReads, MetricQueryEngine.forStore(repos.metrics), queryThreads.size)
      : inlineMetricReads(MetricQueryEngine.forStore(repos.metrics)),
    metricsVisible,
  );
  const ctx: HandlerContext = {
    db,
    ...(queryThreads ? { logReads: queryThreads.reads } : {}),
    metricReads,
    metricsVisible,
    repos,
    engine,
    collector,
    scheduler,
    events,
    now,
    storage: () => ingest.storage,
    notifications,
    extraction,
    info: { dataDir: opts.dataDir, dbPath, startedAt: now(), synchronous, version: opts.version ?? '0.0.0' },
  };
  const api = createApi(ctx);

  const retentionRepo = new RetentionRepo(db);
  const retention = new RetentionJob({
    repo: retentionRepo,
    // Deletes go through the writer's connection, one short transaction per batch.
    deleteLogs: writer instanceof ThreadedWriter ? (ids) => writer.deleteLogs(ids) : async (ids) => retentionRepo.deleteLogs(ids),
    archiveDir: archiveDir(opts.dataDir),
    now,
    onError: (e) => log?.error({ err: e }, 'log retention run failed; it is retried at the next interval'),
  });
  counterSources.set('retention', () => retention.counters());

  engine.start();
  notifications.start();
  collector.start(opts.collectIntervalMs ?? 10_000);
  scheduler.start();
  const retentionIntervalMs = opts.retentionIntervalMs ?? 3_600_000;
  if (retentionIntervalMs > 0) retention.start(retentionIntervalMs);
  const metricRetention = new MetricRetentionJob(repos.metrics, now, (e) => log?.error({ err: e }, 'metric retention run failed; it is retried at the next interval'));
  if (retentionIntervalMs > 0) metricRetention.start(retentionIntervalMs);

  let closed = false;
  return {
    api,
    events,
    ingest,
    dataDir: opts.dataDir,
    dbPath,
    db,
    writer,
    notifications,
    metricQuery: MetricQueryEngine.forStore(repos.metrics),
    metricReads,
    addCounters(name, read) {
      counterSources.set(name, read);
    },
    exportLogs: (input) => prepareLogExport(repos.logs, input, now()),
    tail: {
      newestId: () => repos.logs.total(),
      after: (filter, afterId, limit) => repos.logs.tail(filter, afterId, limit),
    },
    runRetention: () => retention.run(),
    async close() {
      if (closed) return;
      closed = true;
      engine.stop();
      await notifications.stop();
      collector.stop();
      scheduler.stop();
      await retention.stop();
      metricRetention.stop();
      await engine.backtests.close();
      await queryThreads?.close();
      await writer.close();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Another reader may hold the WAL; it is checkpointed on the next open.
      }
      db.close();
    },
  };
}
