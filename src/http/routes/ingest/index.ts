/**
 * Every ingest protocol spoken on the HTTP port, one module each, registered here. Each runs in
 * its own encapsulated scope with only its own content-type parsers (raw buffers: each protocol
 * decodes its own bodies), so the contract routes keep Fastify's ordinary JSON parser.
 */
import type { FastifyInstance } from 'fastify';
import { jsonLinesRoutes } from './json-lines';
import type { IngestRouteOptions } from './shared';

type ProtocolRoutes = (scope: FastifyInstance, opts: IngestRouteOptions) => Promise<void>;

export const protocolRoutes: readonly ProtocolRoutes[] = [jsonLinesRoutes];

export function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): void {
  for (const routes of protocolRoutes) {
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      await routes(scope, opts);
    });
  }
}

export type { IngestRouteOptions };
