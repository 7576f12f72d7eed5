/** Errors cross every transport as data and are rebuilt as ApiError on the other side. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A query ran past the station's time limit and was stopped; the message says how to narrow it. */
  query_too_expensive: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorData {
  code: ErrorCode;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Seconds a client should wait before retrying (503/429). */
  readonly retryAfter?: number;
  /** A machine-readable cause the core acts on (e.g. 'storage_full'); never sent to clients. */
  reason?: string;

  constructor(code: ErrorCode, message: string, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }

  static fromData(data: ErrorData): ApiError {
    return new ApiError(Object.hasOwn(ERROR_STATUS, data.code) ? data.code : 'internal', data.message);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
