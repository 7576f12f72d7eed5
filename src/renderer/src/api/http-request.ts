/**
 * Pure halves of the HTTP transport: turning a contract call into a fetch request and a fetch
 * answer into a Result. Kept free of fetch/window so unit tests can check them in node.
 */
import { contract, pathParams, type MethodName } from '../../../shared/api/contract';
import { ERROR_STATUS, type ErrorCode, type ErrorData, type Result } from '../../../shared/api/errors';

export interface HttpRequest {
  url: string;
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string };
}

export interface RequestOptions {
  /** Prefix for every path; '' means the page's own origin. */
  baseUrl?: string;
  token?: string | null;
}

/** Thrown (and turned into a bad_request Result by the transport) when a path param is missing. */
export class MissingPathParamError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function queryValue(value: unknown): string {
  // Objects never appear in GET inputs today; JSON keeps them round-trippable if one ever does.
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function buildRequest(method: MethodName, input: unknown, options: RequestOptions = {}): HttpRequest {
  const { http } = contract[method];
  const rest: Record<string, unknown> = isRecord(input) ? { ...input } : {};
  let path = http.path;
  for (const name of pathParams(http.path)) {
    const value = rest[name];
    if (value === undefined || value === null || value === '') {
      throw new MissingPathParamError(`${method}: missing path parameter ${name}`);
    }
    path = path.replace(`:${name}`, encodeURIComponent(String(value)));
    delete rest[name];
  }
  // undefined means "not given": it must not reach the server as the string "undefined".
  const defined = Object.entries(rest).filter(([, v]) => v !== undefined);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const base = options.baseUrl ?? '';

  if (http.method === 'GET') {
    const query = new URLSearchParams(defined.map(([k, v]) => [k, queryValue(v)])).toString();
    return { url: `${base}${path}${query ? `?${query}` : ''}`, init: { method: 'GET', headers } };
  }
  headers['content-type'] = 'application/json';
  return {
    url: `${base}${path}`,
    init: { method: 'POST', headers, body: JSON.stringify(Object.fromEntries(defined)) },
  };
}

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).map(([code, status]) => [status, code]),
);

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, code);
}

/**
 * Map an HTTP error answer onto our error codes. The body's `code` wins when it is one of ours;
 * Fastify's own codes (FST_ERR_VALIDATION …) fall back to the status.
 */
export function errorFromResponse(status: number, statusText: string, body: unknown): ErrorData {
  const code: ErrorCode = isRecord(body) && isErrorCode(body.code)
    ? body.code
    : (CODE_BY_STATUS.get(status) ?? (status >= 500 ? 'internal' : 'bad_request'));
  const message = isRecord(body) && typeof body.message === 'string' && body.message
    ? body.message
    : `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return { code, message };
}

/** Parse a body that should be JSON; an empty or non-JSON body is `undefined`. */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function resultFromResponse(status: number, statusText: string, text: string): Result<unknown> {
  const body = parseJson(text);
  if (status >= 200 && status < 300) return { ok: true, value: body ?? null };
  return { ok: false, error: errorFromResponse(status, statusText, body) };
}
