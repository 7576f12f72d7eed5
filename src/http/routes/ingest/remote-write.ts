/**
 * Prometheus remote write 1.0: POST /api/v1/write, a snappy-compressed prometheus.WriteRequest.
 * Prometheus retries 5xx and 429 and drops the whole batch on any other 4xx, so a 400 is kept
 * for requests nothing can be stored from; a decodable request stores what it can.
 *   204  everything storable was stored (also: metadata-only requests, stale markers skipped)
 *   200  text/plain: some series were refused, the rest were stored
 *   400  undecodable body, or every series refused;  413 too large;  415 other encodings or
 *        remote write 2.0 (`proto=io.prometheus.write.v2.Request`);  503 + Retry-After storage trouble
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { parseRemoteWrite, type RemoteWriteParsed } from '../../../core/ingest/formats/remote-write';
import { ApiError } from '../../../shared/api/errors';
import { ErrorBody } from '../../../shared/api/schemas/common';
import { idempotencyKey, type IngestRouteOptions } from './shared';

const SHOWN = 20;

function checkHeaders(request: FastifyRequest): void {
  const contentType = String(request.headers['content-type'] ?? '');
  const proto = /;\s*proto\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
    throw new ApiError('unsupported_media_type', `proto=${proto.slice(0, 80)} is not supported; this station speaks remote write 1.0 (prometheus.WriteRequest)`);
  }
  const encoding = String(request.headers['content-encoding'] ?? 'snappy').toLowerCase().trim();
  if (encoding !== 'snappy' && encoding !== '') {
    throw new ApiError('unsupported_media_type', `Content-Encoding "${encoding.slice(0, 40)}" is not supported; remote write bodies are snappy (block format)`);
  }
}

function refusals(parsed: RemoteWriteParsed): string[] {
  const lines = parsed.batch.rejected.slice(0, SHOWN).map((r) => r.error);
  if (parsed.batch.rejected.length > SHOWN) lines.push(`… and ${parsed.batch.rejected.length - SHOWN} more`);
  return lines;
}

function skippedText({ skipped }: RemoteWriteParsed): string {
  return `skipped ${skipped.stale} stale markers, ${skipped.nan} NaN, ${skipped.infinite} ±Inf, ${skipped.histograms} native histogram samples`;
}

export async function remoteWriteRoutes(scope: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  scope.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_request, body, done) => done(null, body));

  scope.post(
    '/api/v1/write',
    {
      schema: {
        summary: 'Prometheus remote write 1.0 (snappy-compressed prometheus.WriteRequest)',
        description:
          'Content-Type: application/x-protobuf, Content-Encoding: snappy. Samples are stored as metrics (name from __name__, ' +
          'tags from the other labels, source from instance). Stale markers, NaN and ±Inf are skipped. 204 when all was stored, ' +
          '200 with a text body naming refused series, 400 when nothing could be stored.',
        tags: ['ingest'],
        response: {
          200: Type.String({ description: 'stored, but some series were refused (one line each)' }),
          204: Type.Null({ description: 'stored' }),
          '4xx': ErrorBody,
          '5xx': ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const core = opts.lifecycle.requireCore();
      const key = idempotencyKey(request);
      checkHeaders(request);
      const parsed = parseRemoteWrite(request.body as Buffer, opts.maxDecompressedBytes);
      const { batch } = parsed;
      if (batch.metrics.length === 0 && batch.rejected.length > 0) {
        throw new ApiError('bad_request', `no sample stored: ${batch.rejected.length} of ${parsed.series} series refused — ${refusals(parsed).slice(0, 3).join('; ')}`);
      }
      const result = await core.ingest.submit(batch, { protocol: 'remote-write', idempotencyKey: key });
      const { skipped } = parsed;
      if (skipped.stale + skipped.nan + skipped.infinite + skipped.histograms > 0) request.log.debug({ skipped }, 'remote write: samples skipped');
      if (batch.rejected.length === 0 || result.duplicate) return reply.code(204).send();
      const text = [`stored ${batch.metrics.length} samples; ${skippedText(parsed)}; refused ${batch.rejected.length} of ${parsed.series} series:`, ...refusals(parsed)];
      return reply.code(200).type('text/plain; charset=utf-8').send(`${text.join('\n')}\n`);
    },
  );
}
