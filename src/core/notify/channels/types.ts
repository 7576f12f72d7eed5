import type { ChannelKind, NotificationMessage } from '../../../shared/api/schemas/notify';
import type { EventBus } from '../../events';

export interface ChannelContext {
  events: EventBus;
}

/** One channel kind: how its config is checked and how a notification is delivered. */
export interface ChannelModule<C = unknown> {
  readonly kind: ChannelKind;
  /** Checks a config; throws ApiError('bad_request') naming `config.<field>`. */
  parse(config: Record<string, unknown>): C;
  /** The config as API answers show it: secrets are masked. */
  redact(config: C): Record<string, unknown>;
  /** Attempts before a delivery is given up (the dispatcher retries with backoff). */
  maxAttempts(config: C): number;
  /** Resolves once the receiver has taken the notification; throws to retry. */
  send(ctx: ChannelContext, config: C, message: NotificationMessage, channelName: string): Promise<void>;
}
