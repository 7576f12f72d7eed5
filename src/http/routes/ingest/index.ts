/**
 * Every ingest protocol spoken on the HTTP port, one module each, registered here. Each runs in
 * its own encapsulated scope with only its own content-type parsers (raw buffers: each protocol
 * decodes its own bodies), so the contract routes keep Fastify's ordinary JSON parser.
 */
import type { FastifyInstance } from 'fastify';
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

export function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): void {
  for (const routes of protocolRoutes) {
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // Admission before the body is read: not ready / shutting down → 503, writer saturated →
      // 429, both with Retry-After, so an overloaded station sheds load without buffering it.
      scope.addHook('onRequest', async () => {
        opts.lifecycle.requireCore().ingest.admit();
      });
      await routes(scope, opts);
    });
  }
}

export type { IngestRouteOptions };
