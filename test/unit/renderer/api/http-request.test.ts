import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  errorFromResponse,
  MissingPathParamError,
  resultFromResponse,
} from '../../../../src/renderer/src/api/http-request';

describe('buildRequest', () => {
  it('puts GET inputs in the query string and skips undefined ones', () => {
    const { url, init } = buildRequest('logs.search', { q: 'thruster fault', min_level: 'WARN', limit: 50, cursor: undefined });
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
    const parsed = new URL(url, 'http://station');
    expect(parsed.pathname).toBe('/logs/search');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ q: 'thruster fault', min_level: 'WARN', limit: '50' });
  });

  it('leaves the query string off when there is nothing to send', () => {
    expect(buildRequest('alerts.listRules', {}).url).toBe('/alerts/rules');
    expect(buildRequest('system.info', undefined).url).toBe('/api/v1/info');
  });

  it('substitutes path params and sends the rest of a POST as a JSON body', () => {
    const { url, init } = buildRequest('alerts.acknowledge', { id: 42, by: 'ops', comment: 'on it' });
    expect(url).toBe('/alerts/42/acknowledge');
    expect(init.method).toBe('POST');
    expect(init.headers['content-type']).toBe('application/json');
    expect(JSON.parse(init.body ?? '')).toEqual({ by: 'ops', comment: 'on it' });
  });

  it('encodes path params', () => {
    const { url } = buildRequest('alerts.acknowledge', { id: 'a/b c' as unknown as number, by: 'x' });
    expect(url).toBe('/alerts/a%2Fb%20c/acknowledge');
  });

  it('refuses a call whose path param is missing', () => {
    expect(() => buildRequest('alerts.acknowledge', { by: 'ops' })).toThrow(MissingPathParamError);
  });

  it('sends POST bodies without undefined members, and an empty object when there is no input', () => {
    const { init } = buildRequest('monitoring.createEndpoint', { endpoint_url: 'tcp://gs:7000', name: undefined });
    expect(JSON.parse(init.body ?? '')).toEqual({ endpoint_url: 'tcp://gs:7000' });
  });

  it('adds the bearer token and the base URL when given', () => {
    const { url, init } = buildRequest('spacecraft.health', {}, { baseUrl: 'http://10.0.0.5:4318', token: 's3cret' });
    expect(url).toBe('http://10.0.0.5:4318/health/spacecraft');
    expect(init.headers.authorization).toBe('Bearer s3cret');
  });

  it('sends no authorization header without a token', () => {
    expect(buildRequest('spacecraft.health', {}, { token: null }).init.headers.authorization).toBeUndefined();
  });
});

describe('responses', () => {
  it('returns the JSON value of a 2xx answer', () => {
    expect(resultFromResponse(201, 'Created', '{"id":3}')).toEqual({ ok: true, value: { id: 3 } });
  });

  it('keeps our error code and message from an error body', () => {
    const body = { statusCode: 404, code: 'not_found', message: 'alert 9 not found' };
    expect(resultFromResponse(404, 'Not Found', JSON.stringify(body))).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'alert 9 not found' },
    });
  });

  it('maps foreign codes (Fastify validation) by status', () => {
    const body = { statusCode: 400, code: 'FST_ERR_VALIDATION', message: 'body/threshold must be number' };
    expect(errorFromResponse(400, 'Bad Request', body)).toEqual({ code: 'bad_request', message: 'body/threshold must be number' });
  });

  it('survives a non-JSON error body (a proxy page)', () => {
    expect(resultFromResponse(502, 'Bad Gateway', '<html>oops</html>')).toEqual({
      ok: false,
      error: { code: 'internal', message: 'HTTP 502 Bad Gateway' },
    });
    expect(errorFromResponse(503, '', undefined)).toEqual({ code: 'unavailable', message: 'HTTP 503' });
  });
});
