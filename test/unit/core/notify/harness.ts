import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, AlertRule, Severity } from '../../../../src/shared/api/schemas/alerts';
import type { AppEvent } from '../../../../src/shared/api/events';
import type { NotificationAlert, Route, RoutingConfig } from '../../../../src/shared/api/schemas/notify';
import { openDatabase } from '../../../../src/core/db/open';
import { NotifyRepo } from '../../../../src/core/db/repos/notify';
import { EventBus } from '../../../../src/core/events';
import { createNotifications } from '../../../../src/core/notify/index';
import { tempDir } from '../../../support/station';

export type Delivered = Extract<AppEvent, { type: 'notification' }>;

export const route = (over: Partial<Route> & { id: string }): Route => ({
  parent: 'root',
  matchers: [],
  severities: [],
  receivers: [],
  continue: false,
  group_by: ['alertname'],
  group_wait: '0s',
  group_interval: '1m',
  repeat_interval: '0',
  send_resolved: false,
  escalation: [],
  ...over,
});

/**
 * A notification timeline on a real SQLite outbox with a clock the test moves, in the style of
 * Alertmanager's acceptance tests. Alert state is the test's (a map the dispatcher re-reads);
 * deliveries are the real local channels' events.
 */
export function timeline(routes: Route[], flood: RoutingConfig['flood'] = { max_alerts: 0, window: '5m' }) {
  const dir = tempDir('observatory-notify-');
  const db = openDatabase({ path: join(dir, 'n.db') });
  const repo = new NotifyRepo(db);
  const events = new EventBus();
  const delivered: Delivered[] = [];
  events.on((e) => {
    if (e.type === 'notification') delivered.push(e);
  });
  let now = 0;
  const alerts = new Map<number, NotificationAlert>();
  const n = createNotifications({ repo, events, lookup: (id) => alerts.get(id) ?? null, now: () => now });
  n.setRouting({ routes, flood });

  const transition = (id: number, from: string | null, to: string) => {
    const a = alerts.get(id) as NotificationAlert;
    a.status = to;
    const alert = { ...a, labels: a.labels } as unknown as Alert;
    const rule = { rule_name: a.rule_name, labels: {} } as unknown as AlertRule;
    db.transaction(() => n.onTransition({ alert, rule, from, to, at: now }))();
  };

  return {
    db,
    repo,
    n,
    delivered,
    /** Deliveries on one channel (by name). */
    on: (channel: string) => delivered.filter((d) => d.channel_name === channel),
    fire(id: number, rule: string, severity: Severity = 'critical', labels: Record<string, string> = {}) {
      alerts.set(id, { id, rule_name: rule, severity, status: 'pending', message: `${rule}: value 5 > threshold 1`, value: 5, threshold: 1, labels });
      transition(id, null, 'firing');
    },
    ack(id: number) {
      transition(id, 'firing', 'acknowledged');
    },
    /** A latching rule's alarm returned to normal while unacknowledged (ISA-18.2 "RTN unacknowledged"). */
    clearLatched(id: number) {
      transition(id, 'firing', 'cleared');
    },
    resolve(id: number) {
      const from = (alerts.get(id) as NotificationAlert).status;
      transition(id, from, 'resolved');
    },
    /** Moves the clock to `t` ms in steps of `step`, sending what falls due at each step. */
    async at(t: number, step = 1000) {
      while (now < t) {
        now = Math.min(t, now + step);
        await n.dispatcher.runDue();
      }
      await n.dispatcher.runDue();
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const DESKTOP = 'Desktop';
export const BANNER = 'In-app banner';
export const SOUND = 'Alarm sound';
export const BROWSER = 'Browser';
