/**
 * OTLP/HTTP receiver: POST /v1/logs, /v1/metrics, /v1/traces with application/x-protobuf or
 * application/json bodies, optionally gzip. Per the OTLP/HTTP spec: 200 with an
 * ExportXServiceResponse (partial_success when records were rejected), everything else a
 * google.rpc.Status — both in the request's encoding. 503 + Retry-After (storage trouble, a
 * station not ready) tells the exporter to keep its batch and retry.
 */
import { ApiError } from '../../../shared/api/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { CONTENT_TYPE, exportResponse, OTLP_SIGNALS, rejectedField, statusBody, type OtlpEncoding, type OtlpSignal } from '../../../core/ingest/formats/otlp/index';
import { toApiError } from '../../plugins/errors';
import { idempotencyKey, inflateBody, mediaType, type IngestRouteOptions } from './shared';

function encodingOf(request: FastifyRequest): OtlpEncoding {
  return mediaType(request) === CONTENT_TYPE.protobuf ? 'protobuf' : 'json';
}

const Binary = { schema: Type.String({ format: 'binary', description: 'protobuf-encoded' }) };
const Status = Type.Object({ code: Type.Integer({ description: 'gRPC status code' }), message: Type.String() }, { description: 'google.rpc.Status' });
const errorResponse = { content: { [CONTENT_TYPE.json]: { schema: Status }, [CONTENT_TYPE.protobuf]: Binary } };

function exportResponseSchema(field: string) {
  const PartialSuccess = Type.Object({ [field]: Type.String({ description: 'int64, as a decimal string' }), errorMessage: Type.String() });
  return { content: { [CONTENT_TYPE.json]: { schema: Type.Object({ partialSuccess: Type.Optional(PartialSuccess) }) }, [CONTENT_TYPE.protobuf]: Binary } };
}

export async function otlpRoutes(scope: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  scope.addContentTypeParser([CONTENT_TYPE.protobuf, CONTENT_TYPE.json], { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  // OTLP clients read a google.rpc.Status, not our {statusCode, code, message}: same status codes
  // and Retry-After as the app-wide handler, in the body shape the spec asks for.
  scope.setErrorHandler((err, request, reply) => {
    const { error, unexpected } = toApiError(err);
    if (unexpected) request.log.error({ err }, 'unexpected error');
    else request.log.info({ code: error.code, msg: error.message }, 'OTLP request refused');
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    const { contentType, body } = statusBody(error.status, error.message, encodingOf(request));
    return reply.code(error.status).type(contentType).send(body);
  });

  for (const [signal, spec] of Object.entries(OTLP_SIGNALS) as [OtlpSignal, (typeof OTLP_SIGNALS)[OtlpSignal]][]) {
    const schema = {
      summary: spec.summary,
      description:
        'OTLP/HTTP (opentelemetry-proto v1): application/x-protobuf or application/json, Content-Encoding gzip accepted. ' +
        'Answers in the request\'s encoding. Idempotency-Key (or X-Batch-Id) makes a resend a no-op.',
      tags: ['ingest'],
      response: { 200: exportResponseSchema(rejectedField(signal)), '4xx': errorResponse, '5xx': errorResponse },
    };
    scope.post(spec.path, { schema }, async (request, reply) => {
      const core = opts.lifecycle.requireCore();
      const key = idempotencyKey(request);
      const encoding = encodingOf(request);
      const batch = spec.parse(await inflateBody(request, request.body as Buffer, opts.maxDecompressedBytes), encoding);
      // SDK exporters never send an empty export; one is a malformed body that decoded to nothing.
      if (batch.rejected.length === 0 && batch.logs.length + batch.metrics.length + batch.spans.length === 0) {
        throw new ApiError('bad_request', `no ${signal === 'traces' ? 'spans' : signal === 'logs' ? 'log records' : 'data points'} in the request`);
      }
      // Partial success is a 200; a request whose every record was refused is the client's error.
      if (batch.rejected.length > 0 && batch.logs.length + batch.metrics.length + batch.spans.length === 0) {
        const reasons = batch.rejected.slice(0, 3).map((r) => `#${r.index}: ${r.error}`).join('; ');
        throw new ApiError('bad_request', `no record was valid (${batch.rejected.length} rejected): ${reasons}`);
      }
      const result = await core.ingest.submit(batch, { protocol: spec.protocol, idempotencyKey: key });
      const { contentType, body } = exportResponse(signal, result.rejected, encoding);
      return reply.code(200).type(contentType).send(body);
    });
  }
}
