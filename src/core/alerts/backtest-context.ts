/**
 * The context a backtest thread gives the kind modules: the same repos the live engine uses, over
 * the thread's own connection, with log reads that stop mid-scan once the job is cancelled.
 */
import type { Database } from 'better-sqlite3';
import { AlertDataRepo } from '../db/repos/alert-data';
import { EndpointsRepo, SpacecraftRepo } from '../db/repos/fleet';
import { LogsRepo } from '../db/repos/logs';
import { MetricsRepo } from '../db/repos/metrics';
import { MetricQueryEngine } from '../query/metrics/index';
import type { KindContext } from './kinds/types';

export class BacktestCancelled extends Error {
  constructor() {
    super('backtest cancelled');
    this.name = 'BacktestCancelled';
  }
}

/**
 * `cancelled` is asked about every 1 024th row SQLite visits in a log read (the query threads'
 * guard term, ~70 ns a call); once true the read throws and SQLite abandons the statement.
 */
export function backtestKindContext(db: Database, cancelled: () => boolean): KindContext {
  db.function('backtest_alive', { deterministic: false, directOnly: true }, () => {
    if (cancelled()) throw new BacktestCancelled();
    return 1;
  });
  const metrics = new MetricsRepo(db);
  return {
    // No slow-query logger: a backtest runs thousands of evaluations and some are slow by design.
    logs: new LogsRepo(db, undefined, '((l.id & 1023) <> 0 OR backtest_alive())'),
    metrics,
    spacecraft: new SpacecraftRepo(db),
    endpoints: new EndpointsRepo(db),
    data: new AlertDataRepo(db),
    metricQuery: MetricQueryEngine.forStore(metrics),
  };
}
