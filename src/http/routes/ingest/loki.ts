/**
 * Loki push: POST /loki/api/v1/push, JSON (optionally gzip/deflate) or a snappy-compressed
 * logproto.PushRequest (application/x-protobuf). Loki clients (Promtail, Alloy, the Docker
 * driver) retry 5xx and 429 and drop the batch on any other 4xx, so a 400 is kept for pushes
 * nothing can be stored from.
 *   204  stored (bad entries, if any, were skipped and counted as rejected)
 *   400  undecodable body, or every entry refused;  413 too large;  415 other types/encodings;
 *   503 + Retry-After storage trouble
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { parseLokiJson, parseLokiProtobuf } from '../../../core/ingest/formats/loki';
import type { IngestBatch } from '../../../core/ingest/index';
import { ApiError } from '../../../shared/api/errors';
import { ErrorBody } from '../../../shared/api/schemas/common';
import { idempotencyKey, inflateBody, mediaType, type IngestRouteOptions } from './shared';

async function parse(request: FastifyRequest, opts: IngestRouteOptions): Promise<IngestBatch> {
  const raw = request.body as Buffer;
  if (mediaType(request) === 'application/x-protobuf') {
    // The protobuf is always snappy-compressed; "snappy" as Content-Encoding only says so again.
    const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase().trim();
    const body = encoding === 'snappy' ? raw : await inflateBody(request, raw, opts.maxDecompressedBytes);
    return parseLokiProtobuf(body, opts.maxDecompressedBytes);
  }
  return parseLokiJson((await inflateBody(request, raw, opts.maxDecompressedBytes)).toString('utf8'));
}

export async function lokiRoutes(scope: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  scope.addContentTypeParser(['application/json', 'application/x-protobuf'], { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  scope.post(
    '/loki/api/v1/push',
    {
      schema: {
        summary: 'Loki push (JSON or snappy-compressed protobuf)',
        description:
          'Stream labels map to columns: service (service_name, service, app, job), spacecraft_id (spacecraft, spacecraft_id), ' +
          'source (host, hostname, instance), level (level, severity, detected_level); the rest are kept as labels. ' +
          'Structured metadata becomes metadata (trace_id/span_id to their columns). 204 when stored; 400 only when nothing could be.',
        tags: ['ingest'],
        response: { 204: Type.Null({ description: 'stored' }), '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const core = opts.lifecycle.requireCore();
      const key = idempotencyKey(request);
      const batch = await parse(request, opts);
      if (batch.logs.length === 0 && batch.rejected.length > 0) {
        const first = batch.rejected.slice(0, 3).map((r) => r.error).join('; ');
        throw new ApiError('bad_request', `no entry stored: ${batch.rejected.length} refused — ${first}`);
      }
      // Loki clients never push an empty request: one is a malformed body that decoded to nothing.
      if (batch.logs.length === 0) throw new ApiError('bad_request', 'body: no streams with entries');
      await core.ingest.submit(batch, { protocol: 'loki', idempotencyKey: key });
      return reply.code(204).send();
    },
  );
}
