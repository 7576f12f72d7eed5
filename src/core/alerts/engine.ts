/**
 * Evaluates active rules on an interval, and log/metric rules also right after matching data
 * is committed, so a critical line raises its alert within a second. State lives in the
 * database (active_alerts): normal → pending (for `for`) → firing → acknowledged → resolved.
 */
import type { Alert, AlertRule, Operator } from '../../shared/api/schemas/alerts';
import type { AlertsRepo } from '../db/repos/alerts';
import type { EventBus } from '../events';
import { ruleKind } from './kinds';
import type { KindContext } from './kinds/types';
import { formatDuration } from '../query/time';

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

export function alertMessage(rule: AlertRule, value: number): string {
  const shown = String(Number(value.toPrecision(6)));
  const what = rule.kind === 'log_match' ? `${shown} matching lines in ${formatDuration(rule.window_ms)}` : `value ${shown}`;
  return `${rule.rule_name}: ${what} ${rule.operator} threshold ${rule.threshold}`;
}

export interface AlertEngineOptions {
  repo: AlertsRepo;
  kinds: KindContext;
  events: EventBus;
  now?: () => number;
  intervalMs?: number;
  onError?: (e: unknown) => void;
}

export class AlertEngine {
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: AlertEngineOptions) {
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => this.evaluateAll(), this.opts.intervalMs ?? 10_000);
    this.timer.unref();
    this.evaluateAll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
  }

  /** Data was committed: evaluate the rules that look at it, coalescing bursts. */
  dataArrived(): void {
    if (this.soon || !this.timer) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.evaluateAll(true);
    }, 100);
    this.soon.unref();
  }

  evaluateAll(onIngestOnly = false): void {
    const now = this.now();
    for (const rule of this.opts.repo.listRules(true)) {
      if (onIngestOnly && !ruleKind(rule.kind).evaluateOnIngest) continue;
      try {
        this.evaluate(rule, now);
      } catch (e) {
        this.opts.onError?.(e);
      }
    }
  }

  evaluate(rule: AlertRule, now: number): Alert | null {
    const { value, details } = ruleKind(rule.kind).evaluate(this.opts.kinds, rule, now);
    const breached = value !== null && compare(value, rule.operator, rule.threshold);
    const open = this.opts.repo.openAlert(rule.id);
    const repo = this.opts.repo;

    if (!breached) {
      if (!open) return null;
      const resolved = repo.update(open.id, { status: 'resolved', resolved_at: now, value });
      this.opts.events.emit({ type: 'alert.updated', alert: resolved });
      return resolved;
    }

    const message = alertMessage(rule, value);
    const info = { ...details, message, threshold: rule.threshold, operator: rule.operator };
    if (!open) {
      const status = rule.for_ms === 0 ? 'firing' : 'pending';
      const alert = repo.insertAlert({ rule_id: rule.id, status, at: now, value, details: info });
      this.opts.events.emit({ type: status === 'firing' ? 'alert.fired' : 'alert.updated', alert });
      return alert;
    }
    if (open.status === 'pending' && now - open.started_at >= rule.for_ms) {
      const alert = repo.update(open.id, { status: 'firing', triggered_at: now, value, details: info });
      this.opts.events.emit({ type: 'alert.fired', alert });
      return alert;
    }
    return repo.update(open.id, { value, details: info });
  }
}
