import type { Database, Statement } from 'better-sqlite3';
import type {
  Channel,
  ChannelKind,
  Delivery,
  DeliveryStatus,
  NotificationPurpose,
  RoutingConfig,
} from '../../../shared/api/schemas/notify';

interface ChannelRow {
  id: number;
  name: string;
  kind: ChannelKind;
  config: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

const toChannel = (r: ChannelRow): Channel => ({ ...r, config: JSON.parse(r.config) as Record<string, unknown>, enabled: r.enabled === 1 });

export interface OutboxRow {
  id: number;
  channel_id: number;
  channel_name: string;
  channel_kind: string;
  purpose: NotificationPurpose;
  group_key: string;
  alert_ids: string;
  repeat_ms: number;
  due_at: number;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  title: string | null;
  created_at: number;
  sent_at: number | null;
}

export type NewOutboxRow = Pick<OutboxRow, 'channel_id' | 'channel_name' | 'channel_kind' | 'purpose' | 'group_key' | 'repeat_ms' | 'due_at' | 'created_at'> & {
  alert_ids: number[];
};

export const alertIdsOf = (row: Pick<OutboxRow, 'alert_ids'>): number[] => JSON.parse(row.alert_ids) as number[];

const toDelivery = (r: OutboxRow): Delivery => ({
  id: r.id,
  channel_id: r.channel_id,
  channel_name: r.channel_name,
  channel_kind: r.channel_kind,
  purpose: r.purpose,
  status: r.status,
  alert_ids: alertIdsOf(r),
  title: r.title,
  attempts: r.attempts,
  last_error: r.last_error,
  created_at: r.created_at,
  due_at: r.due_at,
  sent_at: r.sent_at,
});

const ROUTING_KEY = 'notify.routing';

/** Notification SQL: channels, the outbox (= delivery log), flood arrivals, the routing tree. */
export class NotifyRepo {
  private readonly nextDueStmt: Statement;
  private readonly pendingInGroupStmt: Statement;
  private readonly lastSentStmt: Statement;

  constructor(private readonly db: Database) {
    this.nextDueStmt = db.prepare(`SELECT * FROM notify_outbox WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT 1`);
    this.pendingInGroupStmt = db.prepare(
      `SELECT * FROM notify_outbox WHERE group_key = ? AND channel_id = ? AND status = 'pending' AND purpose = ? ORDER BY id LIMIT 1`,
    );
    this.lastSentStmt = db
      .prepare(`SELECT MAX(sent_at) FROM notify_outbox WHERE group_key = ? AND channel_id = ? AND status = 'sent' AND purpose = ?`)
      .pluck();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // --- channels
  listChannels(): Channel[] {
    return (this.db.prepare('SELECT * FROM notify_channels ORDER BY id').all() as ChannelRow[]).map(toChannel);
  }

  getChannel(id: number): Channel | null {
    const row = this.db.prepare('SELECT * FROM notify_channels WHERE id = ?').get(id) as ChannelRow | undefined;
    return row ? toChannel(row) : null;
  }

  channelByName(name: string): Channel | null {
    const row = this.db.prepare('SELECT * FROM notify_channels WHERE name = ?').get(name) as ChannelRow | undefined;
    return row ? toChannel(row) : null;
  }

  insertChannel(c: { name: string; kind: ChannelKind; config: object; enabled: boolean; at: number }): Channel {
    const info = this.db
      .prepare('INSERT INTO notify_channels (name, kind, config, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.name, c.kind, JSON.stringify(c.config), c.enabled ? 1 : 0, c.at, c.at);
    return this.getChannel(Number(info.lastInsertRowid)) as Channel;
  }

  updateChannel(id: number, c: { name: string; kind: ChannelKind; config: object; enabled: boolean; at: number }): Channel {
    this.db
      .prepare('UPDATE notify_channels SET name = ?, kind = ?, config = ?, enabled = ?, updated_at = ? WHERE id = ?')
      .run(c.name, c.kind, JSON.stringify(c.config), c.enabled ? 1 : 0, c.at, id);
    return this.getChannel(id) as Channel;
  }

  deleteChannel(id: number): boolean {
    return this.db.prepare('DELETE FROM notify_channels WHERE id = ?').run(id).changes > 0;
  }

  // --- routing tree
  getRouting(): RoutingConfig | null {
    const v = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(ROUTING_KEY) as string | undefined;
    return v ? (JSON.parse(v) as RoutingConfig) : null;
  }

  setRouting(config: RoutingConfig): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(ROUTING_KEY, JSON.stringify(config));
  }

  // --- outbox
  enqueue(row: NewOutboxRow): number {
    const info = this.db
      .prepare(
        `INSERT INTO notify_outbox (channel_id, channel_name, channel_kind, purpose, group_key, alert_ids, repeat_ms, due_at, created_at)
         VALUES (@channel_id, @channel_name, @channel_kind, @purpose, @group_key, @alert_ids, @repeat_ms, @due_at, @created_at)`,
      )
      .run({ ...row, alert_ids: JSON.stringify(row.alert_ids) });
    return Number(info.lastInsertRowid);
  }

  /** The unsent row of a group for a channel, which a new alert of the group joins. */
  pendingInGroup(groupKey: string, channelId: number, purpose: NotificationPurpose): OutboxRow | null {
    return (this.pendingInGroupStmt.get(groupKey, channelId, purpose) as OutboxRow | undefined) ?? null;
  }

  lastSent(groupKey: string, channelId: number, purpose: NotificationPurpose): number | null {
    return (this.lastSentStmt.get(groupKey, channelId, purpose) as number | null) ?? null;
  }

  setAlertIds(id: number, alertIds: number[]): void {
    this.db.prepare('UPDATE notify_outbox SET alert_ids = ? WHERE id = ?').run(JSON.stringify(alertIds), id);
  }

  get(id: number): OutboxRow | null {
    return (this.db.prepare('SELECT * FROM notify_outbox WHERE id = ?').get(id) as OutboxRow | undefined) ?? null;
  }

  nextDue(now: number): OutboxRow | null {
    return (this.nextDueStmt.get(now) as OutboxRow | undefined) ?? null;
  }

  /** When the earliest pending row falls due (the dispatcher sleeps until then). */
  earliestDue(): number | null {
    return (this.db.prepare(`SELECT MIN(due_at) FROM notify_outbox WHERE status = 'pending'`).pluck().get() as number | null) ?? null;
  }

  markSent(id: number, at: number, title: string): void {
    this.db.prepare(`UPDATE notify_outbox SET status = 'sent', sent_at = ?, title = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`).run(at, title, id);
  }

  markSkipped(id: number, reason: string): void {
    this.db.prepare(`UPDATE notify_outbox SET status = 'skipped', last_error = ? WHERE id = ?`).run(reason, id);
  }

  /** A failed attempt: retry at `retryAt`, or give up (status failed) when it is null. */
  markAttemptFailed(id: number, error: string, retryAt: number | null, title: string | null): void {
    this.db
      .prepare(`UPDATE notify_outbox SET attempts = attempts + 1, last_error = ?, title = COALESCE(?, title), status = ?, due_at = COALESCE(?, due_at) WHERE id = ?`)
      .run(error.slice(0, 1000), title, retryAt === null ? 'failed' : 'pending', retryAt, id);
  }

  /** Stops retrying a row (a failed "send test" is answered, not retried in the background). */
  giveUp(id: number): void {
    this.db.prepare(`UPDATE notify_outbox SET status = 'failed' WHERE id = ? AND status = 'pending'`).run(id);
  }

  /** A "send test" cut short by a crash is not sent later: nobody is waiting for it any more. */
  abandonInterruptedTests(): void {
    this.db.prepare(`UPDATE notify_outbox SET status = 'failed', last_error = 'interrupted by a restart' WHERE purpose = 'test' AND status = 'pending'`).run();
  }

  /** The delivery log keeps finished rows for a while; pending ones are never pruned. */
  pruneFinished(before: number): number {
    return this.db.prepare(`DELETE FROM notify_outbox WHERE status <> 'pending' AND COALESCE(sent_at, due_at) < ?`).run(before).changes;
  }

  deliveries(status: DeliveryStatus | undefined, limit: number): Delivery[] {
    const rows = status
      ? (this.db.prepare('SELECT * FROM notify_outbox WHERE status = ? ORDER BY id DESC LIMIT ?').all(status, limit) as OutboxRow[])
      : (this.db.prepare('SELECT * FROM notify_outbox ORDER BY id DESC LIMIT ?').all(limit) as OutboxRow[]);
    return rows.map(toDelivery);
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT COUNT(*) FROM notify_outbox WHERE status = 'pending'`).pluck().get() as number;
  }

  delivery(id: number): Delivery | null {
    const row = this.get(id);
    return row ? toDelivery(row) : null;
  }

  // --- flood control
  /** Records an alert starting to fire and returns how many did within (since, at]. */
  recordArrival(alertId: number, at: number, since: number): number {
    this.db.prepare('INSERT INTO notify_arrivals (at, alert_id) VALUES (?, ?)').run(at, alertId);
    // Old arrivals only matter for the window; trim as we go so the table stays small.
    this.db.prepare('DELETE FROM notify_arrivals WHERE at <= ?').run(since - 86_400_000);
    return this.db.prepare('SELECT COUNT(*) FROM notify_arrivals WHERE at > ? AND at <= ?').pluck().get(since, at) as number;
  }
}
