/**
 * High-volume ingest routes (outside the contract: they take raw bodies in shippers' formats).
 * Content types: application/json (object or array) and application/x-ndjson; optional gzip.
 * The answer is sent only after the batch's transaction committed: 202 {accepted, rejected}.
 */
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseJsonBody, parseNdjsonBody, type ParsedBatch } from '../../core/ingest/formats/json-lines';
import { ApiError } from '../../shared/api/errors';
import { ErrorBody } from '../../shared/api/schemas/common';
import { IngestResult } from '../../shared/api/schemas/logs';
import type { Lifecycle } from '../lifecycle';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export interface IngestRouteOptions {
  bodyLimit: number;
  /** Largest body we inflate a compressed request to (a gzip bomb is a 413, not an OOM). */
  maxDecompressedBytes: number;
}

async function decode(request: FastifyRequest, raw: Buffer, limit: number): Promise<string> {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return raw.toString('utf8');
  const inflater = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipAsync : encoding === 'deflate' ? inflateAsync : null;
  if (!inflater) throw new ApiError('unsupported_media_type', `Content-Encoding "${encoding.slice(0, 40)}" is not supported; use gzip or none`);
  try {
    return (await inflater(raw, { maxOutputLength: limit })).toString('utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ApiError('payload_too_large', `body: larger than ${limit} bytes once decompressed`);
    }
    throw new ApiError('bad_request', `body: not valid ${encoding} data`);
  }
}

function parse(request: FastifyRequest, text: string): ParsedBatch {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-ndjson' || type === 'application/jsonl' ? parseNdjsonBody(text) : parseJsonBody(text);
}

export function ingestRoutes(app: FastifyInstance, lifecycle: Lifecycle, opts: IngestRouteOptions): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/json', 'application/x-ndjson', 'application/jsonl'],
      { parseAs: 'buffer', bodyLimit: opts.bodyLimit },
      (_request, body, done) => done(null, body),
    );

    const response = { 202: IngestResult, '4xx': ErrorBody, '5xx': ErrorBody };
    const description = 'Body: a JSON object, a JSON array, or NDJSON (application/x-ndjson); Content-Encoding gzip accepted.';

    scope.post('/logs', { schema: { summary: 'Ingest log lines', description, tags: ['ingest'], response } }, async (request, reply) => {
      const core = lifecycle.requireCore();
      const text = await decode(request, request.body as Buffer, opts.maxDecompressedBytes);
      const result = await core.ingest.logs(parse(request, text));
      return reply.code(202).send(result);
    });

    scope.post('/metrics', { schema: { summary: 'Ingest metric samples {name, value, type, unit, labels, timestamp}', description, tags: ['ingest'], response } }, async (request, reply) => {
      const core = lifecycle.requireCore();
      const text = await decode(request, request.body as Buffer, opts.maxDecompressedBytes);
      const result = await core.ingest.metrics(parse(request, text));
      return reply.code(202).send(result);
    });
  });
}
