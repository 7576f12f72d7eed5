import type { FastifyInstance } from 'fastify';
import type { Lifecycle } from '../lifecycle';

/** Server-sent events: the core's event bus for browsers (the IPC event channel's twin). */
export function eventRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  app.get('/api/v1/events', { schema: { summary: 'Live events (text/event-stream)', tags: ['system'] } }, async (request, reply) => {
    const core = lifecycle.requireCore();
    reply.hijack();
    const res = reply.raw;
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
    const stop = () => {
      off();
      clearInterval(heartbeat);
    };
    request.raw.on('close', stop);
    app.addHook('onClose', async () => {
      stop();
      res.end();
    });
  });
}
