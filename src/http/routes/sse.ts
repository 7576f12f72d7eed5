/**
 * Server-sent event streams (GET /api/v1/events, GET /logs/tail) share one shape: hijack the
 * reply, a retry hint, a heartbeat comment every 15 s so proxies keep the connection, and an
 * end on client close or on the app's preClose — a stream never ends by itself, and the server
 * would otherwise wait for it forever while draining connections.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const HEARTBEAT_MS = 15_000;

export interface SseStream {
  /** One message: `event: <name>`, optional `id:`, JSON data. */
  send(event: string, data: unknown, id?: number): void;
}

/** Sets up a stream's sources once it is open; returns what stops them. */
export type SseAttach = (stream: SseStream) => () => void;

/** Registers the preClose hook for one app and returns the function that opens streams on it. */
export function sseStreams(app: FastifyInstance): (request: FastifyRequest, reply: FastifyReply, attach: SseAttach) => void {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  return (request, reply, attach) => {
    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-request-id': request.id,
    });
    res.write('retry: 3000\n\n');
    const detach = attach({
      send(event, data, id) {
        res.write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
      },
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      if (!open.delete(end)) return;
      detach();
      clearInterval(heartbeat);
      res.end();
    };
    open.add(end);
    request.raw.on('close', end);
  };
}
