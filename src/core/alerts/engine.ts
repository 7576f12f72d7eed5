/**
 * Evaluates active rules, each on its own interval, and log/metric rules also right after
 * matching data is committed, so a critical line raises its alert within a second. Every state
 * change is persisted (active_alerts + alert_transitions) in one transaction together with
 * `onTransition`, so a notification outbox written there commits atomically with the change.
 * Timers are not kept in memory: pending measures `for` from the stored start, shelves from the
 * stored expiry, M-of-N from the stored history — a restart resumes them.
 */
import type { Alert, AlertRule, AlertState, Operator } from '../../shared/api/schemas/alerts';
import type { AlertsRepo, StoredAlert } from '../db/repos/alerts';
import type { SilenceRow } from '../db/repos/alert-silences';
import type { EventBus } from '../events';
import { ruleKind } from './kinds';
import type { Evaluation, KindContext, RuleDefinition, SeriesValue } from './kinds/types';
import { indexTouched, type TouchedIndex } from './kinds/ingest-interest';
import { ActiveRules } from './active-rules';
import { mergeTouched, type CommitTouched } from '../ingest/commit-touched';
import { BacktestRunner } from './backtest';
import { MetricQueryEngine } from '../query/metrics/index';
import { actionStep, evaluateStep, mOfN, type OperatorAction } from './state-machine';
import { silencedBy } from './silences';
import { formatValue, renderAnnotations } from './templates';

export function compare(value: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case '>': return value > threshold;
    case '>=': return value >= threshold;
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '==': return value === threshold;
    case '!=': return value !== threshold;
  }
}

/** The message always states the value and the threshold. */
export function alertMessage(rule: RuleDefinition & { rule_name: string }, value: number | null, labels: Record<string, string> = {}): string {
  const what = ruleKind(rule.kind).describe(rule, formatValue(value));
  const on = Object.keys(labels).length ? ` {${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}}` : '';
  return `${rule.rule_name}${on}: ${what} ${rule.operator} threshold ${formatValue(rule.threshold)}`;
}

/** The series' own labels of a stored alert (its labels minus those the rule adds). */
function seriesLabels(labels: Record<string, string>, ruleLabels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k, v]) => ruleLabels[k] !== v));
}

/** Dedup key of a series: its labels, sorted. */
export function fingerprint(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** Whether a series counts as breached, with hysteresis for alarms already active. */
export function breaches(rule: Pick<AlertRule, 'operator' | 'threshold' | 'clear_threshold'>, value: number | null, alreadyActive: boolean): boolean {
  if (value === null) return false;
  if (compare(value, rule.operator, rule.threshold)) return true;
  return alreadyActive && rule.clear_threshold !== null && compare(value, rule.operator, rule.clear_threshold);
}

export interface AlertTransition {
  alert: Alert;
  rule: AlertRule;
  from: AlertState | null;
  to: AlertState;
  at: number;
  /** 'unsilenced': no state change, but the silence that muted this firing alert has ended, so it is news again. */
  reason?: 'unsilenced';
}

export interface AlertEngineOptions {
  repo: AlertsRepo;
  kinds: KindContext;
  events: EventBus;
  now?: () => number;
  /** Default evaluation interval of rules that set none. */
  intervalMs?: number;
  onError?: (e: unknown) => void;
  /** Called inside the transaction that persists each state change (the notification outbox hooks here). */
  onTransition?: (t: AlertTransition) => void;
}

/** A commit summary of nothing: only rules waiting for a retry are evaluated. */
const NOTHING: CommitTouched = { metricNames: [], services: [], spacecraft: [], levels: [], words: [], wideWords: [] };

const publicAlert = ({ last_breach_at: _l, ...a }: StoredAlert): Alert => a;

export class AlertEngine {
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly lastRun = new Map<number, number>();
  private silenceCache: { at: number; rows: SilenceRow[] } | null = null;
  private unsent: Alert[] = [];
  private unsubscribe: (() => void) | null = null;
  /** What the commits since the last ingest evaluation held; null: unknown, evaluate every ingest rule. */
  private arrived: CommitTouched | null = null;
  private readonly rules: ActiveRules;
  /** Rules whose ingest-driven evaluation failed, with how many times in a row. */
  private retryOnIngest = new Map<number, number>();

  readonly backtests: BacktestRunner;

  constructor(private readonly opts: AlertEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.backtests = new BacktestRunner(() => this.kindContext());
    this.rules = new ActiveRules(opts.repo);
  }

  private metricQuery: MetricQueryEngine | null = null;

  private kindContext(): KindContext {
    this.metricQuery ??= MetricQueryEngine.forStore(this.opts.kinds.metrics);
    return { metricQuery: this.metricQuery, ...this.opts.kinds, data: this.opts.repo.data };
  }

  /** One series of a metric query over a time range (the data behind a metric-query alert). */
  metricSeries(query: string, labels: Record<string, string>, from: number, to: number): [number, number][] {
    const mq = this.kindContext().metricQuery as MetricQueryEngine;
    const step = Math.max(1000, Math.ceil((to - from) / 500));
    const want = fingerprint(labels);
    const match = mq.range(query, from, to, step).series.find(({ labels: { __name__: _n, ...l } }) => fingerprint(l) === want);
    return match?.points ?? [];
  }

  /** The current value(s) of a rule definition, saved or not (the editor's live preview). */
  measure(rule: RuleDefinition, now = this.now()): Evaluation {
    return ruleKind(rule.kind).evaluate(this.kindContext(), rule, now);
  }

  get defaultIntervalMs(): number {
    return this.opts.intervalMs ?? 10_000;
  }

  start(): void {
    // Tick often enough for the shortest interval; each rule runs when its own interval is due.
    this.timer = setInterval(() => this.evaluateDue(), Math.min(1000, this.defaultIntervalMs));
    this.timer.unref();
    // An endpoint changing state is judged at once, not at the next interval.
    this.unsubscribe = this.opts.events.on((e) => {
      if (e.type === 'endpoint.state') this.evaluateKind('endpoint_down');
    });
    this.evaluateAll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.unsubscribe?.();
    this.timer = this.soon = this.unsubscribe = null;
  }

  private evaluateKind(kind: AlertRule['kind']): void {
    const now = this.now();
    for (const rule of this.rules.list()) if (rule.kind === kind && rule.n === 1) this.safely(() => this.evaluate(rule, now, false));
  }

  /**
   * Data was committed: evaluate the rules it could affect, coalescing bursts. Without a summary
   * of what was committed, every rule that watches incoming data is evaluated.
   */
  dataArrived(touched?: CommitTouched): void {
    if (!this.timer) return;
    if (!this.soon) {
      this.arrived = touched ?? null;
      this.soon = setTimeout(() => {
        this.soon = null;
        const arrived = this.arrived;
        this.arrived = null;
        this.evaluateIngested(arrived);
      }, 100);
      this.soon.unref();
    } else if (this.arrived !== null) {
      this.arrived = touched ? mergeTouched(this.arrived, touched) : null;
    }
  }

  /** The rules that watch incoming data, counting no periods, limited to those the commits could affect (null: all of them). */
  evaluateIngested(touched: CommitTouched | null): void {
    const now = this.now();
    const index: TouchedIndex | null = touched && indexTouched(touched);
    const retry = this.retryOnIngest;
    this.retryOnIngest = new Map();
    for (const rule of this.rules.list()) {
      if (rule.n > 1) continue;
      const interest = this.rules.interest(rule);
      const failures = retry.get(rule.id) ?? 0;
      if (interest === null || (failures === 0 && index !== null && !interest(index))) continue;
      // The data that woke a rule is judged by this evaluation alone (the next commit may not
      // concern it): one that failed is tried again shortly, a few times, before the interval.
      if (!this.safely(() => this.evaluate(rule, now, false)) && failures < 3) this.retryOnIngest.set(rule.id, failures + 1);
    }
    if (this.retryOnIngest.size) this.dataArrived(NOTHING);
  }

  /** Silences changed: match them again at the next evaluation. */
  silencesChanged(): void {
    this.silenceCache = null;
  }

  /** Rules whose interval has elapsed, plus shelves that expired. */
  evaluateDue(): void {
    const now = this.now();
    for (const rule of this.rules.list()) {
      const interval = rule.interval_ms || this.defaultIntervalMs;
      if (now - (this.lastRun.get(rule.id) ?? -Infinity) < interval) continue;
      this.safely(() => this.evaluate(rule, now));
    }
    // After the rules, so a shelf that ends with a fresh evaluation uses the fresh condition.
    this.expireShelves(now);
  }

  /** Every active rule now (onIngestOnly: those that watch incoming data and count no periods). */
  evaluateAll(onIngestOnly = false): void {
    const now = this.now();
    for (const rule of this.rules.list()) {
      if (onIngestOnly && (!ruleKind(rule.kind).evaluateOnIngest || rule.n > 1)) continue;
      this.safely(() => this.evaluate(rule, now, !onIngestOnly));
    }
    if (!onIngestOnly) this.expireShelves(now);
  }

  /** Runs fn, reporting what it throws; whether it succeeded. */
  private safely(fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      this.opts.onError?.(e);
      return false;
    }
  }

  /** One evaluation of a rule; `period` marks an interval evaluation (it counts toward M of N). Returns the rule's open alerts. */
  evaluate(rule: AlertRule, now: number, period = true): Alert[] {
    if (period) this.lastRun.set(rule.id, now);
    const { series } = this.measure(rule, now);
    const repo = this.opts.repo;
    return this.committed(() => {
      const open = new Map(repo.openAlerts(rule.id).map((a) => [a.fingerprint, a]));
      const seen = new Set<string>();
      const out: Alert[] = [];
      for (const s of series) {
        const fp = fingerprint(s.labels);
        seen.add(fp);
        const a = this.step(rule, s, fp, open.get(fp) ?? null, now, period);
        if (a && a.status !== 'resolved') out.push(a);
      }
      // Series that vanished (e.g. an endpoint removed) read as "no data": the condition is not breached.
      for (const [fp, a] of open) {
        if (seen.has(fp)) continue;
        const r = this.step(rule, { labels: seriesLabels(a.labels, rule.labels), value: null, details: {} }, fp, a, now, period);
        if (r && r.status !== 'resolved') out.push(r);
      }
      return out;
    });
  }

  private step(rule: AlertRule, s: SeriesValue, fp: string, cur: StoredAlert | null, now: number, period: boolean): Alert | null {
    const repo = this.opts.repo;
    const wasActive = cur !== null && cur.condition_active && cur.status !== 'cleared';
    let breached = breaches(rule, s.value, wasActive);
    if (rule.n > 1) {
      if (!period) return cur ? publicAlert(cur) : null;
      const r = mOfN(repo.seriesHistory(rule.id, fp), breached, rule.m, rule.n);
      if (r.history !== '0'.repeat(r.history.length) || cur) repo.saveSeriesHistory(rule.id, fp, r.history, now);
      breached = r.breached;
    }
    const state = cur && { status: cur.status, startedAt: cur.started_at, lastBreachAt: cur.last_breach_at, shelvedUntil: cur.shelved_until };
    const next = evaluateStep(state, breached, now, rule);
    if (next.status === null) return null;

    const labels = { ...rule.labels, ...s.labels };
    const vars = { labels, value: s.value, threshold: rule.threshold };
    const details = { ...s.details, message: alertMessage(rule, s.value, s.labels), threshold: rule.threshold, operator: rule.operator, annotations: renderAnnotations(rule.annotations, vars) };
    const silenced = silencedBy(this.silences(now), { alertname: rule.rule_name, severity: rule.severity, ...labels }, now);

    if (!cur) {
      const alert = repo.insertAlert({ rule_id: rule.id, fingerprint: fp, labels, status: next.status, at: now, value: s.value, details, silenced_by: silenced });
      return this.transition(rule, alert, null, now);
    }
    const fields = {
      value: s.value,
      labels,
      details,
      // The raw breach (not keep_firing_for's extension): hysteresis and shelf expiry read it.
      condition_active: breached,
      silenced_by: silenced,
      ...(breached ? { last_breach_at: now } : {}),
      ...(next.status !== cur.status && next.status === 'firing' && cur.status !== 'cleared' ? { triggered_at: now } : {}),
      ...(next.status === 'resolved' ? { resolved_at: now } : {}),
      ...(next.status === 'firing' && cur.status === 'shelved' ? { shelved_until: null } : {}),
      // A re-alarm after a latched clear needs a fresh acknowledgement.
      ...(next.status === 'firing' && cur.status !== 'firing' ? { acknowledged_at: null, acknowledged_by: null, ack_comment: null } : {}),
    };
    const updated = repo.update(cur.id, next.status !== cur.status ? { ...fields, status: next.status } : fields);
    if (next.status !== cur.status) return this.transition(rule, updated, cur.status, now);
    const alert = publicAlert(updated);
    // Still firing when its silence ends (expired, or its window passed): operators hear of it now,
    // not at the next repeat hours later.
    if (alert.status === 'firing' && cur.silenced_by !== null && silenced === null) {
      this.opts.onTransition?.({ alert, rule, from: 'firing', to: 'firing', at: now, reason: 'unsilenced' });
    }
    return alert;
  }

  private transition(rule: AlertRule, stored: StoredAlert, from: AlertState | null, at: number, actor?: string, comment?: string): Alert {
    const alert = publicAlert(stored);
    this.opts.repo.addTransition({ alert_id: alert.id, at, from, to: alert.status, value: alert.value, actor: actor ?? null, comment: comment ?? null });
    this.opts.onTransition?.({ alert, rule, from, to: alert.status, at });
    // Listeners (SSE, the renderer) hear of it once the change is committed (see committed()).
    this.unsent.push(alert);
    return alert;
  }

  /** Run fn in one transaction; emit its alert events after the commit, drop them on rollback. */
  private committed<T>(fn: () => T): T {
    let result: T;
    for (let immediate = false; ; immediate = true) {
      try {
        // Deferred first: most evaluations only read, and must not queue behind the ingest writer.
        result = this.opts.repo.transaction(fn, immediate);
        break;
      } catch (e) {
        this.unsent = [];
        // Its read came before the ingest writer's commit (SQLITE_BUSY_SNAPSHOT) or during it
        // (SQLITE_BUSY): SQLite refuses the write at once, without waiting, since the snapshot is
        // or will be stale. Run it again holding the write lock from the start (that waits).
        const code = (e as { code?: unknown } | null)?.code;
        if (!immediate && (code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_BUSY')) continue;
        throw e;
      }
    }
    const sent = this.unsent;
    this.unsent = [];
    for (const alert of sent) this.opts.events.emit({ type: alert.status === 'firing' ? 'alert.fired' : 'alert.updated', alert });
    return result;
  }

  private silences(now: number): SilenceRow[] {
    if (!this.silenceCache || now - this.silenceCache.at > 5_000 || now < this.silenceCache.at) {
      this.silenceCache = { at: now, rows: this.opts.repo.silences.current(now) };
    }
    return this.silenceCache.rows;
  }

  private expireShelves(now: number): void {
    for (const a of this.opts.repo.shelfExpired(now)) {
      this.safely(() => this.act(a.id, { type: 'unshelve', active: false }, 'system', 'shelve expired', now));
    }
  }

  /** Whether an alarm's condition holds now: breached at its last evaluation, or within keep_firing_for of it. */
  private stillActive(a: StoredAlert, rule: AlertRule, now: number): boolean {
    return a.condition_active || (a.last_breach_at !== null && now - a.last_breach_at < rule.keep_firing_for_ms);
  }

  /**
   * An operator's (or the shelf timer's) action on an alert, persisted with its transition.
   * Returns null when the alert does not exist, or the status it was in when the action does not apply.
   */
  act(id: number, action: OperatorAction, actor: string, comment: string | null, now = this.now()): { alert: Alert } | { refused: Alert['status'] } | null {
    const repo = this.opts.repo;
    return this.committed(() => {
      const cur = repo.getAlert(id);
      if (!cur) return null;
      const rule = repo.getRule(cur.rule_id) as AlertRule;
      // Whether the alarm comes back firing is the engine's judgement, whatever the caller passed.
      if (action.type === 'unshelve') action = { type: 'unshelve', active: this.stillActive(cur, rule, now) };
      const to = actionStep(cur.status, action);
      if (to === null) return { refused: cur.status };
      const fields =
        action.type === 'ack'
          ? { status: to, acknowledged_at: now, acknowledged_by: actor, ack_comment: comment, ...(to === 'resolved' ? { resolved_at: now } : {}) }
          : action.type === 'shelve'
            ? { status: to, shelved_until: action.until, shelved_by: actor }
            : { status: to, shelved_until: null, acknowledged_at: null, acknowledged_by: null, ack_comment: null, ...(to === 'resolved' ? { resolved_at: now } : {}) };
      const updated = repo.update(id, fields);
      return { alert: this.transition(rule, updated, cur.status, now, actor, comment ?? undefined) };
    });
  }
}
