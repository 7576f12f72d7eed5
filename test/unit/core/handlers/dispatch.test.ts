import { describe, expect, it, vi } from 'vitest';
import { dispatch, toErrorData, validateInput } from '../../../../src/core/handlers/dispatch';
import type { Api, MethodName } from '../../../../src/shared/api/contract';
import { ApiError } from '../../../../src/shared/api/errors';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('bad_request');
    return (e as ApiError).message;
  }
  throw new Error('expected a bad_request ApiError, nothing was thrown');
}

describe('validateInput', () => {
  it.each<[MethodName, unknown, unknown]>([
    ['logs.search', {}, { limit: 100 }],
    ['logs.search', undefined, { limit: 100 }],
    ['logs.search', null, { limit: 100 }],
    ['logs.search', { limit: 5, q: 'x' }, { limit: 5, q: 'x' }],
    ['logs.values', { field: 'service' }, { field: 'service', limit: 50 }],
    ['metrics.series', { name: 'cpu' }, { name: 'cpu', limit: 2000 }],
    ['system.info', {}, {}],
  ])('%s %j → %j (defaults applied)', (method, input, expected) => {
    expect(validateInput(method, input)).toEqual(expected);
  });

  it('does not change the caller’s object', () => {
    const input = { q: 'x' };
    validateInput('logs.search', input);
    expect(input).toEqual({ q: 'x' });
  });

  it.each<[string, MethodName, unknown, RegExp]>([
    ['an extra property', 'logs.search', { qq: 'x' }, /^logs\.search: \/qq /],
    ['an extra property on an empty schema', 'system.info', { verbose: true }, /^system\.info: \/verbose /],
    ['a wrong type', 'logs.search', { limit: 'ten' }, /^logs\.search: \/limit must be integer/],
    ['a number below minimum', 'logs.search', { limit: 0 }, /^logs\.search: \/limit must be >= 1/],
    ['a number above maximum', 'logs.search', { limit: 1001 }, /^logs\.search: \/limit /],
    ['a string where a string is expected but a number given', 'logs.search', { q: 5 }, /^logs\.search: \/q must be string/],
    ['a too-long string', 'logs.search', { q: 'x'.repeat(2001) }, /^logs\.search: \/q /],
    ['an enum miss', 'logs.values', { field: 'message' }, /^logs\.values: \/field /],
    ['a missing required property', 'logs.values', {}, /^logs\.values: \/ must have required propert/],
    ['not an object', 'logs.search', 'q=x', /^logs\.search: \/ must be object/],
    ['an array', 'logs.search', [], /^logs\.search: \/ must be object/],
    [
      'a nested array item',
      'alerts.createRule',
      { rule_name: 'r', kind: 'log_match', condition: 'x', threshold: 1, severity: 'info', notification_channels: ['sms'] },
      /^alerts\.createRule: \/notification_channels\/0 /,
    ],
  ])('%s → bad_request naming the path', (_name, method, input, reason) => {
    expect(badRequest(() => validateInput(method, input))).toMatch(reason);
  });
});

describe('toErrorData', () => {
  it('keeps an ApiError as data', () => {
    expect(toErrorData(new ApiError('conflict', 'taken'))).toEqual({ code: 'conflict', message: 'taken' });
  });

  it.each([new Error('SELECT * FROM secrets'), 'boom', null, undefined, 42])('hides anything else (%j)', (e) => {
    expect(toErrorData(e)).toEqual({ code: 'internal', message: 'internal error' });
  });
});

describe('dispatch', () => {
  const info = { name: 'Observatory', version: '1', started_at: 0, data_dir: '/d', db_path: '/d/db', schema_version: 2, synchronous: 'NORMAL' };

  function api(overrides: Partial<Record<MethodName, (input: never) => Promise<unknown>>> = {}) {
    const handlers = { 'system.info': vi.fn(async () => info), 'logs.search': vi.fn(async (i: unknown) => ({ echo: i })), ...overrides };
    return { api: handlers as unknown as Api, handlers };
  }

  it.each<[string, unknown]>([
    ['an unknown name', 'logs.delete'],
    ['a prototype member', 'toString'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['an empty name', ''],
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['an object', { method: 'system.info' }],
  ])('%s → not_found, without calling anything', async (_name, method) => {
    const { api: a, handlers } = api();
    const r = await dispatch(a, method, {});
    expect(r).toEqual({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/^unknown method /) } });
    expect(handlers['system.info']).not.toHaveBeenCalled();
  });

  it('quotes at most 100 characters of an unknown name', async () => {
    const r = await dispatch(api().api, 'x'.repeat(10_000), {});
    expect(!r.ok && r.error.message).toBe(`unknown method ${'x'.repeat(100)}`);
  });

  it('calls the handler with the validated input and returns its value', async () => {
    const { api: a, handlers } = api();
    expect(await dispatch(a, 'logs.search', { q: 'x' })).toEqual({ ok: true, value: { echo: { q: 'x', limit: 100 } } });
    expect(handlers['logs.search']).toHaveBeenCalledTimes(1);
  });

  it('refuses bad input with bad_request, without calling the handler', async () => {
    const { api: a, handlers } = api();
    const r = await dispatch(a, 'logs.search', { limit: -1 });
    expect(r).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('/limit') } });
    expect(handlers['logs.search']).not.toHaveBeenCalled();
  });

  it('passes an ApiError from the handler through', async () => {
    const { api: a } = api({ 'system.info': async () => Promise.reject(new ApiError('unavailable', 'starting', 5)) });
    expect(await dispatch(a, 'system.info', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'starting' } });
  });

  it.each<[string, () => Promise<unknown>]>([
    ['an Error with SQL in it', async () => Promise.reject(new Error('no such column: secret'))],
    ['a synchronous throw', () => {
      throw new TypeError('x is undefined');
    }],
    ['a thrown string', async () => Promise.reject('boom')],
    ['a thrown null', async () => Promise.reject(null)],
  ])('hides %s as internal', async (_name, fn) => {
    const { api: a } = api({ 'system.info': fn });
    expect(await dispatch(a, 'system.info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
  });

  it('never throws, whatever the input', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const hostile = Object.defineProperty({}, 'q', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const inputs: unknown[] = [circular, hostile, Symbol('s'), () => 1, 10n, new Map(), Number.NaN, '', [null]];
    for (const input of inputs) {
      for (const method of ['logs.search', 'system.info', 'nope'] as const) {
        const r = await dispatch(api().api, method, input);
        expect(typeof r.ok).toBe('boolean');
      }
    }
  });

  it('a contract method missing from the api object is internal, not a crash', async () => {
    expect(await dispatch(api().api, 'alerts.listRules', {})).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
  });
});
