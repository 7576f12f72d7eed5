/** What every ingest route shares: body decompression, the idempotency key, the route options. */
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../../shared/api/errors';
import type { Lifecycle } from '../../lifecycle';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export interface IngestRouteOptions {
  lifecycle: Lifecycle;
  bodyLimit: number;
  /** Largest body we inflate a compressed request to (a gzip bomb is a 413, not an OOM). */
  maxDecompressedBytes: number;
}

/** The body as sent, inflated per Content-Encoding (gzip, deflate, or none). */
export async function inflateBody(request: FastifyRequest, raw: Buffer, limit: number): Promise<Buffer> {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return raw;
  const inflater = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipAsync : encoding === 'deflate' ? inflateAsync : null;
  if (!inflater) throw new ApiError('unsupported_media_type', `Content-Encoding "${encoding.slice(0, 40)}" is not supported; use gzip or none`);
  try {
    return await inflater(raw, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ApiError('payload_too_large', `body: larger than ${limit} bytes once decompressed`);
    }
    throw new ApiError('bad_request', `body: not valid ${encoding} data`);
  }
}

const KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** `Idempotency-Key` (or `X-Batch-Id`): a resend of the same batch stores nothing. */
export function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'] ?? request.headers['x-batch-id'];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new ApiError('bad_request', 'Idempotency-Key: 1 to 128 characters of letters, digits and . _ : -');
  }
  return value;
}

export function mediaType(request: FastifyRequest): string {
  return String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
