import { create } from 'zustand';
import type { Channel, ChannelInput, ChannelTestResult, Delivery, NotificationMessage, RoutingConfig } from '../../../shared/api/schemas/notify';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

const MUTE_KEY = 'observatory.alarm.muted';
const BANNERS_MAX = 5;

function readMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export interface NotificationsState extends Loadable {
  channels: Channel[];
  routing: RoutingConfig | null;
  /** When this console last saved the routing tree (for the "saved" notice). */
  routingSavedAt: number | null;
  deliveries: Delivery[];
  pending: number;
  /** Last answer of "send test" per channel id. */
  tests: Record<number, ChannelTestResult | { ok: null; message: string }>;
  /** In-app banners not dismissed yet, newest first. */
  banners: NotificationMessage[];
  /** Audible alarm muted in this console (remembered locally). */
  muted: boolean;
  load(): Promise<boolean>;
  loadDeliveries(): Promise<void>;
  /** Throws the ApiError so forms show the server's message (it names the field). */
  saveChannel(input: ChannelInput): Promise<Channel>;
  deleteChannel(id: number): Promise<void>;
  testChannel(id: number): Promise<void>;
  saveRouting(config: RoutingConfig): Promise<RoutingConfig>;
  showBanner(message: NotificationMessage): void;
  dismissBanner(id: number): void;
  setMuted(muted: boolean): void;
}

export function createNotificationsStore(api: ApiClient) {
  return create<NotificationsState>()((set, get) => ({
    ...initialLoadable,
    channels: [],
    routing: null,
    routingSavedAt: null,
    deliveries: [],
    pending: 0,
    tests: {},
    banners: [],
    muted: readMuted(),
    load: createLoader(
      set,
      get,
      async () => Promise.all([api.notify.listChannels(), api.notify.getRouting(), api.notify.deliveries({ limit: 100 })]),
      ([channels, routing, log]) => ({ channels: channels.items, routing, deliveries: log.items, pending: log.pending }),
    ),
    async loadDeliveries() {
      const log = await api.notify.deliveries({ limit: 100 });
      set({ deliveries: log.items, pending: log.pending });
    },
    async saveChannel(input) {
      const saved = await api.notify.saveChannel(input);
      const [list, routing] = await Promise.all([api.notify.listChannels(), api.notify.getRouting()]);
      set({ channels: list.items, routing });
      return saved;
    },
    async deleteChannel(id) {
      await api.notify.deleteChannel({ id });
      set((s) => ({ channels: s.channels.filter((c) => c.id !== id) }));
    },
    async testChannel(id) {
      set((s) => ({ tests: { ...s.tests, [id]: { ok: null, message: 'Sending…' } } }));
      try {
        const result = await api.notify.testChannel({ id });
        set((s) => ({ tests: { ...s.tests, [id]: result } }));
      } catch (e) {
        set((s) => ({ tests: { ...s.tests, [id]: { ok: false, message: (e as Error).message, delivery_id: 0 } } }));
      }
      await get().loadDeliveries();
    },
    async saveRouting(config) {
      const routing = await api.notify.setRouting(config);
      set({ routing, routingSavedAt: Date.now() });
      return routing;
    },
    showBanner(message) {
      set((s) => ({ banners: [message, ...s.banners.filter((b) => b.notification_id !== message.notification_id)].slice(0, BANNERS_MAX) }));
    },
    dismissBanner(id) {
      set((s) => ({ banners: s.banners.filter((b) => b.notification_id !== id) }));
    },
    setMuted(muted) {
      try {
        globalThis.localStorage?.setItem(MUTE_KEY, muted ? '1' : '0');
      } catch {
        // Muting still applies to this session.
      }
      set({ muted });
    },
  }));
}

export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
