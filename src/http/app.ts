/**
 * Builds the station's Fastify app. Never listens: entries (station, Electron main, tests)
 * decide where. Plugins are registered explicitly, in order.
 */
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Lifecycle } from './lifecycle';
import { errorsPlugin } from './plugins/errors';
import { requestIdFor, requestIdPlugin } from './plugins/request-id';
import { securityPlugin } from './plugins/security';
import { contractRoutes } from './routes/contract';
import { eventRoutes } from './routes/events';
import { exportRoutes } from './routes/export';
import { healthRoutes } from './routes/health';
import { ingestRoutes } from './routes/ingest/index';
import { tailRoutes } from './routes/tail';
import { prometheusApiRoutes } from './routes/prometheus-api';
import { metricsExpositionRoutes } from './routes/metrics-exposition';

export interface HttpOptions {
  lifecycle: Lifecycle;
  version?: string;
  tokenHash?: Buffer | undefined;
  allowedHosts?: string[];
  /** The built renderer (out/renderer); served at / as the web console when present. */
  staticDir?: string | undefined;
  /** Largest request body, bytes (default 10 MiB → 413 beyond). */
  bodyLimit?: number;
  maxDecompressedBytes?: number;
  logger?: FastifyServerOptions['logger'];
}

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

const PUBLIC_PATHS = /^\/(healthz|readyz|openapi\.json|index\.html|favicon\.ico|assets\/[^?]*)?(\?.*)?$/;

export async function buildHttp(opts: HttpOptions): Promise<FastifyInstance> {
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit,
    genReqId: requestIdFor,
    // Per-request lines would drown a station taking thousands of batches a second; errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    // While closing, our own lifecycle answers 503 with Retry-After (Fastify's own 503 has none).
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });

  errorsPlugin(app);
  requestIdPlugin(app);
  securityPlugin(app, {
    tokenHash: opts.tokenHash,
    allowedHosts: opts.allowedHosts ?? [],
    isPublic: (request) => request.method === 'GET' && PUBLIC_PATHS.test(request.url),
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Observatory station API',
        version: opts.version ?? '0.0.0',
        description: 'Ingest, search, alerting and fleet health. Errors are {statusCode, code, message}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  // First: its request-duration hook must see every route registered after it.
  metricsExpositionRoutes(app, opts.lifecycle);
  healthRoutes(app, opts.lifecycle);
  ingestRoutes(app, { lifecycle: opts.lifecycle, bodyLimit, maxDecompressedBytes: opts.maxDecompressedBytes ?? 8 * bodyLimit });
  contractRoutes(app, opts.lifecycle);
  eventRoutes(app, opts.lifecycle);
  exportRoutes(app, opts.lifecycle);
  tailRoutes(app, opts.lifecycle);
  await prometheusApiRoutes(app, opts.lifecycle);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (opts.staticDir) {
    await app.register(fastifyStatic, { root: opts.staticDir, prefix: '/', index: ['index.html'], wildcard: true, cacheControl: true, maxAge: 0 });
  }
  return app;
}
