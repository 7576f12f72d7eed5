import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_STATUS, isApiError, type ErrorCode } from '../../../../src/shared/api/errors';

describe('ApiError', () => {
  it.each(Object.entries(ERROR_STATUS) as [ErrorCode, number][])('%s → HTTP %d', (code, status) => {
    const e = new ApiError(code, 'm');
    expect(e.status).toBe(status);
    expect(e.toData()).toEqual({ code, message: 'm' });
  });

  it('is an Error named ApiError, with retryAfter only when given', () => {
    const e = new ApiError('unavailable', 'busy', 5);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ApiError');
    expect(e.retryAfter).toBe(5);
    expect(new ApiError('unavailable', 'busy').retryAfter).toBeUndefined();
  });

  it('round-trips through data (without retryAfter, which is a transport header)', () => {
    const back = ApiError.fromData(new ApiError('conflict', 'taken', 3).toData());
    expect(back).toBeInstanceOf(ApiError);
    expect([back.code, back.message, back.status]).toEqual(['conflict', 'taken', 409]);
  });

  it.each(['teapot', ''])('an unknown code %j becomes internal, keeping the message', (code) => {
    const e = ApiError.fromData({ code: code as ErrorCode, message: 'm' });
    expect([e.code, e.status, e.message]).toEqual(['internal', 500, 'm']);
  });

  // `code in ERROR_STATUS` would be true for Object.prototype members, and status a function.
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('a prototype member name %j becomes internal', (code) => {
    const e = ApiError.fromData({ code: code as ErrorCode, message: 'm' });
    expect(e.code).toBe('internal');
    expect(e.status).toBe(500);
  });

  it('isApiError tells ApiErrors from look-alikes', () => {
    expect(isApiError(new ApiError('internal', 'x'))).toBe(true);
    expect(isApiError({ code: 'internal', message: 'x', name: 'ApiError' })).toBe(false);
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isApiError(null)).toBe(false);
  });
});
