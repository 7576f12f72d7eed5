/** A real in-memory database, the real engine and a fake clock: the harness of the alert timeline tests. */
import type { Database } from 'better-sqlite3';
import { AlertEngine, type AlertTransition } from '../../../../src/core/alerts/engine';
import { AlertsRepo, type NewRule } from '../../../../src/core/db/repos/alerts';
import { EndpointsRepo, SpacecraftRepo } from '../../../../src/core/db/repos/fleet';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { MetricsRepo } from '../../../../src/core/db/repos/metrics';
import { EventBus } from '../../../../src/core/events';
import type { AppEvent } from '../../../../src/shared/api/events';
import { logRecord, memoryDb } from '../fixtures';

export const T0 = 1_795_428_000_000;
export const S = 1000;
export const MIN = 60 * S;

export interface Harness {
  db: Database;
  repo: AlertsRepo;
  logs: LogsRepo;
  metrics: MetricsRepo;
  spacecraft: SpacecraftRepo;
  engine: AlertEngine;
  bus: EventBus;
  endpoints: EndpointsRepo;
  events: AppEvent[];
  transitions: AlertTransition[];
  errors: unknown[];
  clock: { now: number };
  rule(o?: Partial<NewRule>): ReturnType<AlertsRepo['createRule']>;
  /** Evaluate every rule at a time; the events of that evaluation as "type:status". */
  tick(at: number): string[];
  metric(name: string, value: number, at: number, tags?: string | null): void;
  errorLine(at: number, message?: string): void;
  status(ruleId: number): string;
  reopen(): void;
}

export function harness(db: Database = memoryDb()): Harness {
  const h = { db, events: [], transitions: [], errors: [], clock: { now: T0 } } as unknown as Harness;
  const build = () => {
    h.repo = new AlertsRepo(h.db);
    h.logs = new LogsRepo(h.db);
    h.metrics = new MetricsRepo(h.db);
    h.spacecraft = new SpacecraftRepo(h.db);
    const bus = new EventBus();
    h.bus = bus;
    h.endpoints = new EndpointsRepo(h.db);
    bus.on((e) => h.events.push(e));
    h.engine = new AlertEngine({
      repo: h.repo,
      kinds: { logs: h.logs, metrics: h.metrics, spacecraft: h.spacecraft, endpoints: h.endpoints },
      events: bus,
      now: () => h.clock.now,
      onError: (e) => h.errors.push(e),
      onTransition: (t) => h.transitions.push(t),
    });
  };
  build();
  h.reopen = build;
  h.rule = (o = {}) =>
    h.repo.createRule({
      rule_name: `rule ${Math.random()}`,
      kind: 'metric_threshold',
      condition: 'last(temp)',
      operator: '>',
      threshold: 50,
      window_ms: 5 * MIN,
      for_ms: 0,
      severity: 'critical',
      is_active: true,
      notification_channels: [],
      labels: {},
      description: null,
      created_at: T0,
      updated_at: T0,
      ...o,
    });
  h.tick = (at) => {
    h.clock.now = at;
    const before = h.events.length;
    h.engine.evaluateAll();
    return h.events.slice(before).map((e) => ('alert' in e ? `${e.type}:${e.alert.status}` : e.type));
  };
  h.metric = (name, value, at, tags: string | null = null) => h.metrics.insertMany([{ metric_name: name, value, unit: null, timestamp: at, source_system: null, tags }]);
  h.errorLine = (at, message = 'wheel stall') => h.logs.insert(logRecord({ timestamp: at, level: 'ERROR', message }), at);
  h.status = (ruleId) => h.repo.openAlert(ruleId)?.status ?? 'none';
  return h;
}
