/**
 * Notifications: the routing tree (router), the persisted outbox and its dispatcher, and the
 * channel registry. `createNotifications` wires them for the core; handlers/notify.ts exposes
 * channel editing, the tree, "send test" and the delivery log.
 */
import { ApiError } from '../../shared/api/errors';
import type { Channel, ChannelInput, ChannelTestResult, RoutingConfig } from '../../shared/api/schemas/notify';
import type { NotifyRepo } from '../db/repos/notify';
import type { EventBus } from '../events';
import { channelModule } from './channels';
import { keepEmailPassword } from './channels/email';
import { Dispatcher, type AlertLookup } from './dispatcher';
import { NotificationRouter, type AlertTransition } from './notifier';

export interface NotificationsOptions {
  repo: NotifyRepo;
  events: EventBus;
  lookup: AlertLookup;
  now: () => number;
  onError?: (e: unknown, what: string) => void;
}

export interface Notifications {
  /** Give this to the alert engine (AlertEngineOptions.onTransition). */
  readonly onTransition: (t: AlertTransition) => void;
  readonly dispatcher: Dispatcher;
  readonly router: NotificationRouter;
  listChannels(): Channel[];
  saveChannel(input: ChannelInput): Channel;
  deleteChannel(id: number): void;
  testChannel(id: number): Promise<ChannelTestResult>;
  getRouting(): RoutingConfig;
  setRouting(config: RoutingConfig): RoutingConfig;
  start(): void;
  stop(): Promise<void>;
}

/** How long sent, skipped and failed notifications stay in the delivery log. */
const LOG_KEEP_MS = 30 * 86_400_000;

export function createNotifications(opts: NotificationsOptions): Notifications {
  const { repo, now } = opts;
  let pruneTimer: NodeJS.Timeout | null = null;
  const dispatcher = new Dispatcher({
    repo,
    events: opts.events,
    lookup: opts.lookup,
    now,
    onError: (e, row) => opts.onError?.(e, `notification ${row.id} to ${row.channel_name} failed`),
  });
  // Rows are queued inside the engine's transaction: look for them once it has committed.
  const router = new NotificationRouter(repo, () => setImmediate(() => dispatcher.kick()), (e) => opts.onError?.(e, 'notification routing failed'));

  const redacted = (c: Channel): Channel => ({ ...c, config: channelModule(c.kind).redact(channelModule(c.kind).parse(c.config)) });

  const receiversUsing = (name: string) =>
    router.getRouting().routes.findIndex((r) => r.receivers.includes(name) || r.escalation.some((t) => t.receivers.includes(name)));

  return {
    onTransition: router.onTransition,
    dispatcher,
    router,
    listChannels: () => repo.listChannels().map(redacted),
    saveChannel(input) {
      const previous = input.id !== undefined ? repo.getChannel(input.id) : null;
      if (input.id !== undefined && !previous) throw new ApiError('not_found', `id: channel ${input.id} does not exist`);
      const sameName = repo.channelByName(input.name);
      if (sameName && sameName.id !== input.id) throw new ApiError('conflict', `name: a channel named "${input.name}" exists`);
      const raw = keepEmailPassword(input.config ?? {}, previous?.kind === 'email' ? previous.config : undefined);
      const config = channelModule(input.kind).parse(raw) as object;
      const fields = { name: input.name, kind: input.kind, config, enabled: input.enabled ?? true, at: now() };
      return redacted(
        repo.transaction(() => {
          if (!previous) return repo.insertChannel(fields);
          const saved = repo.updateChannel(previous.id, fields);
          if (previous.name !== input.name) {
            // A rename carries the routing tree along, so routes never point at a missing name.
            const rename = (n: string) => (n === previous.name ? input.name : n);
            const tree = router.getRouting();
            router.setRouting({
              ...tree,
              routes: tree.routes.map((r) => ({ ...r, receivers: r.receivers.map(rename), escalation: r.escalation.map((t) => ({ ...t, receivers: t.receivers.map(rename) })) })),
            });
          }
          return saved;
        }),
      );
    },
    deleteChannel(id) {
      const channel = repo.getChannel(id);
      if (!channel) throw new ApiError('not_found', `id: channel ${id} does not exist`);
      const used = receiversUsing(channel.name);
      if (used >= 0) throw new ApiError('conflict', `channel "${channel.name}" is a receiver of routes[${used}] ("${router.getRouting().routes[used]?.id}"); remove it from the routing tree first`);
      repo.deleteChannel(id);
      router.reload();
    },
    async testChannel(id) {
      const channel = repo.getChannel(id);
      if (!channel) throw new ApiError('not_found', `id: channel ${id} does not exist`);
      const at = now();
      // A test goes through the outbox too, so it shows in the delivery log like any other.
      const rowId = repo.enqueue({
        channel_id: channel.id,
        channel_name: channel.name,
        channel_kind: channel.kind,
        purpose: 'test',
        group_key: `test:${at}`,
        alert_ids: [],
        repeat_ms: 0,
        due_at: Number.MAX_SAFE_INTEGER, // never picked up by the loop: sent right here
        created_at: at,
      });
      const row = repo.get(rowId);
      if (!row) throw new ApiError('internal', 'test notification vanished');
      const result = await dispatcher.deliver({ ...row, due_at: at });
      // A failed test is not retried in the background: the operator is looking at the answer.
      repo.giveUp(rowId);
      return { ok: result.ok, message: result.message, delivery_id: rowId };
    },
    getRouting: () => router.getRouting(),
    setRouting: (config) => {
      const saved = router.setRouting(config);
      dispatcher.kick();
      return saved;
    },
    start: () => {
      repo.abandonInterruptedTests();
      const prune = () => {
        try {
          repo.pruneFinished(now() - LOG_KEEP_MS);
        } catch (e) {
          opts.onError?.(e, 'pruning the delivery log failed');
        }
      };
      prune();
      pruneTimer = setInterval(prune, 3_600_000);
      pruneTimer.unref();
      dispatcher.start();
    },
    stop: () => {
      if (pruneTimer) clearInterval(pruneTimer);
      return dispatcher.stop();
    },
  };
}

export type { AlertTransition } from './notifier';
