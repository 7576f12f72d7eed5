/**
 * Sends due outbox rows, one at a time. A row is marked sent only after its channel accepted
 * it, so a crash mid-send repeats that one row after restart (at-least-once, at most one
 * duplicate per crash because only one row is ever in flight). Right before sending, the
 * row's alerts are re-read: an alert acknowledged or resolved meanwhile is not notified.
 */
import type { NotificationAlert, NotificationMessage, NotificationPurpose } from '../../shared/api/schemas/notify';
import { alertIdsOf, type NotifyRepo, type OutboxRow } from '../db/repos/notify';
import type { EventBus } from '../events';
import { channelModule } from './channels';
import { buildMessage } from './message';

/** The current state of an alert, for the re-check before sending. */
export type AlertLookup = (id: number) => NotificationAlert | null;

export interface DispatcherOptions {
  repo: NotifyRepo;
  events: EventBus;
  lookup: AlertLookup;
  now: () => number;
  onError?: (e: unknown, row: OutboxRow) => void;
  /** Longest a single send may take before it counts as failed. */
  sendTimeoutMs?: number;
}

/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * Still waiting for an operator: firing, or a latching rule's alarm that returned to normal while
 * unacknowledged ('cleared', ISA-18.2's "RTN unacknowledged"), which must still be acknowledged.
 */
const NEEDS_OPERATOR = (a: NotificationAlert) => a.status === 'firing' || a.status === 'cleared';
const WANTED: Record<NotificationPurpose, (a: NotificationAlert) => boolean> = {
  firing: NEEDS_OPERATOR,
  repeat: NEEDS_OPERATOR,
  escalation: NEEDS_OPERATOR,
  summary: NEEDS_OPERATOR,
  resolved: (a) => a.status === 'resolved' || a.status === 'normal',
  test: () => true,
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** `…|esc:300000|…` and `flood:300000` carry the delay the message mentions. */
function delayOf(groupKey: string): number | undefined {
  const m = /(?:esc|flood):(\d+)/.exec(groupKey);
  return m ? Number(m[1]) : undefined;
}

export class Dispatcher {
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<void> | null = null;
  private again = false;
  private running = false;

  constructor(private readonly opts: DispatcherOptions) {}

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Waits for the send in flight (bounded by the send timeout). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pumping;
  }

  /** New rows were queued (or the clock moved): look for due rows soon. */
  kick(delayMs = 0): void {
    if (!this.running) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pumping = this.runDue()
        .then(() => {}, () => {})
        .finally(() => {
          this.pumping = null;
          if (!this.running) return;
          if (this.again) {
            this.again = false;
            this.kick();
            return;
          }
          const next = this.opts.repo.earliestDue();
          // Sleep until the next row is due; wake at least every minute in case the clock jumped.
          if (next !== null) this.kick(Math.min(60_000, Math.max(0, next - this.opts.now())));
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Sends every row due now, serially; returns how many rows were handled. Calls never overlap
   * (each waits for the one before): two loops reading the same due row before either marked it
   * sent would deliver it twice.
   */
  runDue(): Promise<number> {
    const run = this.draining.then(() => this.drain());
    this.draining = run.catch(() => 0);
    return run;
  }

  private draining: Promise<unknown> = Promise.resolve();

  private async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const row = this.opts.repo.nextDue(this.opts.now());
      if (!row) return handled;
      await this.deliver(row);
      handled++;
    }
  }

  /** One row: re-check, send, record. Exposed for "send test", which must answer synchronously. */
  async deliver(row: OutboxRow): Promise<{ ok: boolean; message: string }> {
    const { repo, now } = this.opts;
    const channel = repo.getChannel(row.channel_id);
    if (!channel || !channel.enabled) {
      const why = channel ? 'channel disabled' : 'channel deleted';
      repo.markSkipped(row.id, why);
      return { ok: false, message: why };
    }
    const module = channelModule(channel.kind);
    let message: NotificationMessage;
    let config: unknown;
    try {
      config = module.parse(channel.config);
      const alerts = row.purpose === 'test' ? [] : alertIdsOf(row).map((id) => this.opts.lookup(id)).filter((a): a is NotificationAlert => a !== null);
      const wanted = alerts.filter(WANTED[row.purpose]);
      if (row.purpose !== 'test' && wanted.length === 0) {
        const now = [...new Set(alerts.map((a) => a.status))].join(', ') || 'deleted';
        repo.markSkipped(row.id, row.purpose === 'resolved' ? `not resolved any more (${now})` : `nothing to send: the alert is ${now} now`);
        return { ok: false, message: 'skipped' };
      }
      const delay = delayOf(row.group_key);
      message = buildMessage({ id: row.id, purpose: row.purpose, alerts: wanted, at: now(), channelName: channel.name, ...(delay !== undefined ? { afterMs: delay } : {}) });
    } catch (e) {
      repo.markAttemptFailed(row.id, `not sent: ${(e as Error).message}`, null, null);
      this.opts.onError?.(e, row);
      return { ok: false, message: (e as Error).message };
    }
    try {
      await withTimeout(module.send({ events: this.opts.events }, config, message, channel.name), this.opts.sendTimeoutMs ?? 30_000);
    } catch (e) {
      const attempts = row.attempts + 1;
      const retryAt = attempts < module.maxAttempts(config) ? now() + backoffMs(attempts) : null;
      const error = e instanceof Error ? e.message : String(e);
      repo.markAttemptFailed(row.id, error, retryAt, message.title);
      this.opts.onError?.(e, row);
      return { ok: false, message: error };
    }
    const sentAt = now();
    repo.transaction(() => {
      repo.markSent(row.id, sentAt, message.title);
      this.scheduleRepeat(row, message, sentAt);
    });
    return { ok: true, message: `sent: ${message.title}` };
  }

  /** An unacknowledged group is notified again every repeat_interval while it fires. */
  private scheduleRepeat(row: OutboxRow, message: NotificationMessage, sentAt: number): void {
    if (row.repeat_ms <= 0 || (row.purpose !== 'firing' && row.purpose !== 'repeat')) return;
    const { repo } = this.opts;
    const ids = message.alerts.map((a) => a.id);
    const pending = repo.pendingInGroup(row.group_key, row.channel_id, 'repeat');
    if (pending) {
      repo.setAlertIds(pending.id, [...new Set([...alertIdsOf(pending), ...ids])]);
      return;
    }
    repo.enqueue({
      channel_id: row.channel_id,
      channel_name: row.channel_name,
      channel_kind: row.channel_kind,
      purpose: 'repeat',
      group_key: row.group_key,
      alert_ids: ids,
      repeat_ms: row.repeat_ms,
      due_at: sentAt + row.repeat_ms,
      created_at: sentAt,
    });
  }
}
