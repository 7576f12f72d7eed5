import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Lifecycle } from '../lifecycle';
import { sendError } from '../plugins/errors';

const Health = Type.Object({ status: Type.String() });

/** Liveness (the process answers) and readiness (the database is open and migrated). */
export function healthRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['system'], response: { 200: Health } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { summary: 'Readiness: 503 until the database is open and migrated', tags: ['system'] } }, async (_request, reply) => {
    if (lifecycle.state === 'ready') return { status: 'ready' };
    return sendError(reply, lifecycle.unavailable());
  });
}
