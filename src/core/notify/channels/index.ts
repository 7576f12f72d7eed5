import type { ChannelKind } from '../../../shared/api/schemas/notify';
import { emailChannel } from './email';
import { browserChannel, desktopChannel, inAppChannel, soundChannel } from './local';
import type { ChannelModule } from './types';
import { webhookChannel } from './webhook';

const modules: ChannelModule<never>[] = [desktopChannel, inAppChannel, browserChannel, soundChannel, webhookChannel, emailChannel] as ChannelModule<never>[];

/** One module per channel kind; a kind registered twice is a programming error. */
const registry = new Map<ChannelKind, ChannelModule<unknown>>();
for (const m of modules) {
  if (registry.has(m.kind)) throw new Error(`notification channel kind ${m.kind} is registered twice`);
  registry.set(m.kind, m as unknown as ChannelModule<unknown>);
}

export function channelModule(kind: ChannelKind): ChannelModule<unknown> {
  const m = registry.get(kind);
  if (!m) throw new Error(`no notification channel kind ${kind}`);
  return m;
}

export type { ChannelModule, ChannelContext } from './types';
