/**
 * Turns alert state changes into outbox rows. Called by the alert engine synchronously inside
 * the transaction that persists the change, so a notification exists exactly when the state
 * change does: nothing is lost between "firing" being written and a notification being queued.
 * Rows carry a due time (group_wait, group_interval, escalation delay, repeat interval); the
 * dispatcher sends them when due, after re-reading the alerts' current state.
 */
import type { Alert, AlertRule, Severity } from '../../shared/api/schemas/alerts';
import type { Channel, NotificationPurpose, RoutingConfig } from '../../shared/api/schemas/notify';
import { alertIdsOf, type NotifyRepo } from '../db/repos/notify';
import { compileRouting, DEFAULT_ROUTING, groupKey, matchRoutes, type CompiledRouting } from './routing';

/**
 * What the alert engine reports. States are strings here so the engine may add states
 * (shelved, latched …) without this module changing; only 'firing' and 'resolved'/'normal' act.
 */
export interface AlertTransition {
  alert: Alert;
  rule: AlertRule;
  from: string | null;
  to: string;
  at: number;
  /** 'unsilenced': still firing, and the silence that muted it has ended. */
  reason?: 'unsilenced';
}

/** The labels routes match on: the rule's and the alert's, plus alertname and severity. */
export function alertLabels(alert: Alert, rule: AlertRule): Record<string, string> {
  const own = (alert as { labels?: unknown }).labels;
  const alertOwn = own && typeof own === 'object' ? (own as Record<string, string>) : {};
  return { ...rule.labels, ...alertOwn, alertname: rule.rule_name, severity: alert.severity };
}

const RESOLVED = new Set(['resolved', 'normal']);

export class NotificationRouter {
  private routing: CompiledRouting;
  private config: RoutingConfig;

  constructor(
    private readonly repo: NotifyRepo,
    private readonly onQueued: () => void,
    private readonly onError: (e: unknown) => void = () => {},
  ) {
    const stored = repo.getRouting();
    this.config = stored ?? DEFAULT_ROUTING;
    try {
      this.routing = compileRouting(this.config, this.channelNames());
    } catch (e) {
      // A stored tree that no longer compiles (a channel renamed outside the API) must not stop
      // notifications: fall back to the default tree and say so.
      onError(e);
      this.config = DEFAULT_ROUTING;
      this.routing = compileRouting(DEFAULT_ROUTING, new Set(DEFAULT_ROUTING.routes[0]?.receivers));
    }
  }

  private channelNames(): Set<string> {
    return new Set(this.repo.listChannels().map((c) => c.name));
  }

  getRouting(): RoutingConfig {
    return this.config;
  }

  /** Validates (throws ApiError naming the position), stores and applies a routing tree. */
  setRouting(config: RoutingConfig): RoutingConfig {
    const compiled = compileRouting(config, this.channelNames());
    this.repo.setRouting(config);
    this.config = config;
    this.routing = compiled;
    return config;
  }

  /** Re-apply the current tree after channels changed (a rename is rewritten by the caller). */
  reload(): void {
    this.routing = compileRouting(this.config, this.channelNames());
  }

  /** AlertEngineOptions.onTransition. Runs inside the engine's transaction; never throws. */
  readonly onTransition = (t: AlertTransition): void => {
    try {
      if (this.handle(t)) this.onQueued();
    } catch (e) {
      this.onError(e);
    }
  };

  private handle(t: AlertTransition): boolean {
    const firing = (t.to === 'firing' && t.from !== 'firing') || t.reason === 'unsilenced';
    const resolved = RESOLVED.has(t.to) && t.from !== null && t.from !== 'pending' && !RESOLVED.has(t.from);
    if (!firing && !resolved) return false;
    const labels = alertLabels(t.alert, t.rule);
    const severity = t.alert.severity as Severity;
    const routes = matchRoutes(this.routing.root, labels, severity);
    const channels = new Map(this.repo.listChannels().filter((c) => c.enabled).map((c) => [c.name, c]));
    const pick = (names: string[]) => names.map((n) => channels.get(n)).filter((c): c is Channel => c !== undefined);
    let queued = false;

    if (resolved) {
      for (const route of routes) {
        if (!route.route.send_resolved) continue;
        const key = groupKey(route, labels);
        for (const ch of pick(route.route.receivers)) queued = this.join('resolved', key, ch, t.alert.id, t.at, route.groupWaitMs, route.groupIntervalMs, 0) || queued;
      }
      return queued;
    }

    const { floodMax, floodWindowMs } = this.routing;
    if (floodMax > 0) {
      const recent = this.repo.recordArrival(t.alert.id, t.at, t.at - floodWindowMs);
      if (recent > floodMax) {
        // One summary per flood window per channel instead of a notification per alert.
        const receivers = new Set(routes.flatMap((r) => r.route.receivers));
        for (const ch of pick([...receivers])) this.join('summary', `flood:${floodWindowMs}`, ch, t.alert.id, t.at, 0, floodWindowMs, 0);
        return true;
      }
    }
    for (const route of routes) {
      const key = groupKey(route, labels);
      for (const ch of pick(route.route.receivers)) this.join('firing', key, ch, t.alert.id, t.at, route.groupWaitMs, route.groupIntervalMs, route.repeatMs);
      // Escalation tiers are per alert: each alert's own clock decides when it escalates.
      for (const tier of route.escalation) {
        for (const ch of pick(tier.receivers)) {
          this.repo.enqueue({
            channel_id: ch.id,
            channel_name: ch.name,
            channel_kind: ch.kind,
            purpose: 'escalation',
            group_key: `${key}|esc:${tier.afterMs}|alert:${t.alert.id}`,
            alert_ids: [t.alert.id],
            repeat_ms: 0,
            due_at: t.at + tier.afterMs,
            created_at: t.at,
          });
        }
      }
    }
    return true;
  }

  /**
   * Adds an alert to its group's unsent row for a channel, or queues a new row: after
   * group_wait for a new group, or group_interval after the group's last notification.
   */
  private join(purpose: NotificationPurpose, key: string, ch: Channel, alertId: number, at: number, waitMs: number, intervalMs: number, repeatMs: number): boolean {
    const pending = this.repo.pendingInGroup(key, ch.id, purpose);
    if (pending) {
      const ids = alertIdsOf(pending);
      if (!ids.includes(alertId)) this.repo.setAlertIds(pending.id, [...ids, alertId]);
      return true;
    }
    const last = this.repo.lastSent(key, ch.id, purpose);
    const due = last === null || at - last >= intervalMs + waitMs ? at + waitMs : Math.max(at, last + intervalMs);
    this.repo.enqueue({
      channel_id: ch.id,
      channel_name: ch.name,
      channel_kind: ch.kind,
      purpose,
      group_key: key,
      alert_ids: [alertId],
      repeat_ms: repeatMs,
      due_at: due,
      created_at: at,
    });
    return true;
  }
}
