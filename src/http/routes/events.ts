import type { FastifyInstance } from 'fastify';
import type { Lifecycle } from '../lifecycle';
import { sseStreams } from './sse';

/** Server-sent events: the core's event bus for browsers (the IPC event channel's twin). */
export function eventRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  const startStream = sseStreams(app);

  app.get('/api/v1/events', { schema: { summary: 'Live events (text/event-stream)', tags: ['system'] } }, async (request, reply) => {
    const core = lifecycle.requireCore();
    startStream(request, reply, (stream) => core.events.on((event) => stream.send(event.type, event)));
  });
}
