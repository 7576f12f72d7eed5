/**
 * Our own ingest routes: POST /logs and POST /metrics take a JSON object, a JSON array, or NDJSON
 * (application/x-ndjson), optionally gzip. The answer is sent only after the batch's transaction
 * committed: 202 {accepted, rejected}.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseJsonBody, parseNdjsonBodyAsync, type ParsedBatch } from '../../../core/ingest/formats/json-lines';
import { ErrorBody } from '../../../shared/api/schemas/common';
import { IngestResult } from '../../../shared/api/schemas/logs';
import { idempotencyKey, inflateBody, mediaType, type IngestRouteOptions } from './shared';

async function parse(request: FastifyRequest, opts: IngestRouteOptions): Promise<ParsedBatch> {
  const text = (await inflateBody(request, request.body as Buffer, opts.maxDecompressedBytes)).toString('utf8');
  const type = mediaType(request);
  return type === 'application/x-ndjson' || type === 'application/jsonl' ? parseNdjsonBodyAsync(text) : parseJsonBody(text);
}

export async function jsonLinesRoutes(scope: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  scope.addContentTypeParser(
    ['application/json', 'application/x-ndjson', 'application/jsonl'],
    { parseAs: 'buffer', bodyLimit: opts.bodyLimit },
    (_request, body, done) => done(null, body),
  );
  const response = { 202: IngestResult, '4xx': ErrorBody, '5xx': ErrorBody };
  const description =
    'Body: a JSON object, a JSON array, or NDJSON (application/x-ndjson); Content-Encoding gzip accepted. ' +
    'Send Idempotency-Key (or X-Batch-Id) to make a resend of the same batch a no-op.';

  scope.post('/logs', { schema: { summary: 'Ingest log lines', description, tags: ['ingest'], response } }, async (request, reply) => {
    const core = opts.lifecycle.requireCore();
    const key = idempotencyKey(request);
    const result = await core.ingest.logs(await parse(request, opts), { idempotencyKey: key });
    return reply.code(202).send(result);
  });

  scope.post(
    '/metrics',
    { schema: { summary: 'Ingest metric samples {name, value, type, unit, labels, timestamp}', description, tags: ['ingest'], response } },
    async (request, reply) => {
      const core = opts.lifecycle.requireCore();
      const key = idempotencyKey(request);
      const result = await core.ingest.metrics(await parse(request, opts), { idempotencyKey: key });
      return reply.code(202).send(result);
    },
  );
}
