/**
 * One error shape for every failure: `{statusCode, code, message}`. Foreseeable faults get
 * their proper status (400/401/403/404/413/415, 503 + Retry-After for storage trouble); only
 * bugs are 500, and then without stack or SQL.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isStorageTrouble, toUnavailable } from '../../core/ingest/batch-writer';
import { ApiError, ERROR_STATUS, type ErrorCode } from '../../shared/api/errors';

const STATUS_CODE: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

export function sendError(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.retryAfter !== undefined) reply.header('retry-after', String(e.retryAfter));
  // Shutting down: make keep-alive clients drop the connection, or the close waits on them.
  if (e.reason === 'closing') reply.header('connection', 'close');
  return reply.code(e.status).type('application/json').send({ statusCode: e.status, code: e.code, message: e.message });
}

/** Schema patterns are exact but unreadable to an operator; say what the field wants instead. */
const PATTERN_HINTS: [string, string][] = [
  ['(ms|s|m|h|d)$', 'must be a duration such as 30s, 5m, 2h or 1d'],
  ['https?://', 'must be an http(s):// URL or tcp://host:port'],
];

export function humanise(message: string): string {
  const m = /^(.*) must match pattern "(.*)"$/.exec(message);
  if (!m) return message;
  const hint = PATTERN_HINTS.find(([needle]) => (m[2] as string).includes(needle));
  return hint ? `${m[1]} ${hint[1]}` : message;
}

export function toApiError(err: unknown): { error: ApiError; unexpected: boolean } {
  if (err instanceof ApiError) return { error: err, unexpected: false };
  if (typeof err !== 'object' || err === null) return { error: new ApiError('internal', 'internal error'), unexpected: true };
  const e = err as FastifyError & { code?: string };
  if (isStorageTrouble(e.code)) return { error: toUnavailable(e), unexpected: false };
  if (e.validation) {
    const ctx = e.validationContext ?? 'input';
    const message = humanise(e.message.startsWith(ctx) ? e.message : `${ctx}: ${e.message}`);
    return { error: new ApiError('bad_request', message), unexpected: false };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = STATUS_CODE[status] ?? 'bad_request';
    return { error: new ApiError(code, e.message || code), unexpected: false };
  }
  if (status === 503) return { error: new ApiError('unavailable', e.message, 5), unexpected: false };
  return { error: new ApiError('internal', 'internal error'), unexpected: true };
}

export function errorsPlugin(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { error, unexpected } = toApiError(err);
    if (unexpected) request.log.error({ err }, 'unexpected error');
    else request.log.info({ code: error.code, msg: error.message }, 'request refused');
    return sendError(reply, error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new ApiError('not_found', `no route ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`)),
  );
}
