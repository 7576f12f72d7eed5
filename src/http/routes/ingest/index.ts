/**
 * Every ingest protocol spoken on the HTTP port, one module each, registered here. Each runs in
 * its own encapsulated scope with only its own content-type parsers (raw buffers: each protocol
 * decodes its own bodies), so the contract routes keep Fastify's ordinary JSON parser.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../shared/api/errors';
import { jsonLinesRoutes } from './json-lines';
import { lokiRoutes } from './loki';
import { otlpRoutes } from './otlp';
import { remoteWriteRoutes } from './remote-write';
import type { IngestRouteOptions } from './shared';

type ProtocolRoutes = (scope: FastifyInstance, opts: IngestRouteOptions) => Promise<void>;

export const protocolRoutes: readonly ProtocolRoutes[] = [
  jsonLinesRoutes,
  remoteWriteRoutes,
  lokiRoutes,
  otlpRoutes,
];

/** Ingest requests being read, parsed or committed at once; more are shed with 429. */
export const MAX_INGEST_IN_FLIGHT = 32;

export function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): void {
  // Bodies being parsed hold memory that the writer's queue bound does not see: bound them too.
  let inFlight = 0;
  for (const routes of protocolRoutes) {
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // Admission before the body is read: not ready / shutting down → 503, writer saturated →
      // 429, both with Retry-After, so an overloaded station sheds load without buffering it.
      scope.addHook('onRequest', async (_request, reply) => {
        opts.lifecycle.requireCore().ingest.admit();
        if (inFlight >= MAX_INGEST_IN_FLIGHT) {
          throw new ApiError('too_many_requests', `${inFlight} ingest requests are already being processed; retry after the delay`, 1);
        }
        inFlight++;
        // 'close' fires once the answer is sent or the client went away: the slot is never leaked.
        reply.raw.once('close', () => inFlight--);
      });
      await routes(scope, opts);
    });
  }
}

export type { IngestRouteOptions };
