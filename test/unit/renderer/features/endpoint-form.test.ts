import { describe, expect, it } from 'vitest';
import { EMPTY_ENDPOINT_FORM as EMPTY, fromEndpoint, toEndpointInput, toEndpointUpdate } from '../../../../src/renderer/src/features/endpoints/endpoint-form';
import type { Endpoint } from '../../../../src/shared/api/schemas/fleet';

describe('endpoint form', () => {
  it('sends only the settings of the kind in use', () => {
    const all = { ...EMPTY, keyword: 'ok', json_path: '$.a', expected_status: '204', job: 'node', retries: '2', ignore_tls: true, method: 'HEAD' as const };
    expect(toEndpointInput({ ...all, endpoint_url: 'https://x/' })).toEqual({
      endpoint_url: 'https://x/', keyword: 'ok', json_path: '$.a', expected_status: 204, retries: 2, ignore_tls: true, method: 'HEAD',
    });
    expect(toEndpointInput({ ...all, endpoint_url: 'tcp://x:1' })).toEqual({ endpoint_url: 'tcp://x:1', retries: 2 });
    expect(toEndpointInput({ ...all, endpoint_url: 'http://x/metrics', kind: 'prometheus' })).toEqual({
      endpoint_url: 'http://x/metrics', kind: 'prometheus', job: 'node', retries: 2, ignore_tls: true,
    });
  });

  it('a number typed wrong goes to the station as typed, so its message names the field', () => {
    expect(toEndpointInput({ ...EMPTY, endpoint_url: 'http://x/', retries: 'two' }).retries).toBeNaN();
  });

  it('an endpoint comes back into the form as the station would take it', () => {
    const e = {
      id: 1, name: 'n', kind: 'http', endpoint_url: 'https://x/', spacecraft_id: null, check_interval: 90_000, timeout: 750, retries: 1, paused: false,
      config: { keyword: 'ok', cert_expiry_days: 14 }, status: 'up', last_check: null, last_latency_ms: null, last_error: null, created_at: 0, failures: 0, status_since: null,
    } satisfies Endpoint;
    const v = fromEndpoint(e);
    expect(v).toMatchObject({ check_interval: '90s', timeout: '750ms', retries: '1', keyword: 'ok', cert_expiry_days: '14', spacecraft_id: '' });
    expect(toEndpointInput(v)).toEqual({ endpoint_url: 'https://x/', name: 'n', kind: 'http', check_interval: '90s', timeout: '750ms', retries: 1, keyword: 'ok', cert_expiry_days: 14 });
  });
});

describe('endpoint edit', () => {
  it('a setting emptied in the form is sent as null (removed), the spacecraft link too', () => {
    const v = { ...EMPTY, endpoint_url: 'https://x/', keyword: 'ok' };
    expect(toEndpointUpdate(7, v)).toEqual({
      id: 7, endpoint_url: 'https://x/', keyword: 'ok', spacecraft_id: null,
      method: null, expected_status: null, json_path: null, json_expected: null, cert_expiry_days: null, ignore_tls: null, job: null,
    });
  });
});
