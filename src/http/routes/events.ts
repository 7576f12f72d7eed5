import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Lifecycle } from '../lifecycle';

/** Server-sent events: the core's event bus for browsers (the IPC event channel's twin). */
export function eventRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  const open = new Set<() => void>();
  // An event stream never ends by itself: end them before the server waits for connections to drain.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get('/api/v1/events', { schema: { summary: 'Live events (text/event-stream)', tags: ['system'] } }, async (request, reply) => {
    const core = lifecycle.requireCore();
    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-request-id': request.id,
    });
    res.write('retry: 3000\n\n');
    const off = core.events.on((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    const end = () => {
      off();
      clearInterval(heartbeat);
      open.delete(end);
      res.end();
    };
    open.add(end);
    request.raw.on('close', end);
  });
}
