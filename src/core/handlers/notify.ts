import type { Api } from '../../shared/api/contract';
import type { HandlerContext } from './context';

type NotifyMethods =
  | 'notify.listChannels'
  | 'notify.saveChannel'
  | 'notify.deleteChannel'
  | 'notify.testChannel'
  | 'notify.getRouting'
  | 'notify.setRouting'
  | 'notify.deliveries';

export function notifyHandlers(ctx: HandlerContext): Pick<Api, NotifyMethods> {
  const n = ctx.notifications;
  return {
    async 'notify.listChannels'() {
      return { items: n.listChannels() };
    },
    async 'notify.saveChannel'(input) {
      return n.saveChannel(input);
    },
    async 'notify.deleteChannel'(input) {
      n.deleteChannel(input.id);
      return { deleted: true };
    },
    async 'notify.testChannel'(input) {
      return n.testChannel(input.id);
    },
    async 'notify.getRouting'() {
      return n.getRouting();
    },
    async 'notify.setRouting'(input) {
      return n.setRouting(input);
    },
    async 'notify.deliveries'(input) {
      return { items: ctx.repos.notify.deliveries(input.status, input.limit ?? 200), pending: ctx.repos.notify.pendingCount() };
    },
  };
}
