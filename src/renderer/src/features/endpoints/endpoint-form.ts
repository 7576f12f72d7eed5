import type { Endpoint, ENDPOINT_KINDS, EndpointInput, EndpointUpdateInput, HTTP_METHODS } from '../../../../shared/api/schemas/fleet';
import { formatInterval } from '../../lib/format';

/** Milliseconds as a duration the station takes back (30s, 5m, 2h, 750ms). */
const toDuration = (ms: number): string => (ms % 1000 === 0 ? formatInterval(ms) : `${ms}ms`);

export interface EndpointFormValues {
  name: string;
  kind: (typeof ENDPOINT_KINDS)[number] | '';
  endpoint_url: string;
  spacecraft_id: string;
  check_interval: string;
  timeout: string;
  retries: string;
  method: (typeof HTTP_METHODS)[number] | '';
  expected_status: string;
  keyword: string;
  json_path: string;
  json_expected: string;
  cert_expiry_days: string;
  ignore_tls: boolean;
  job: string;
}

export const EMPTY_ENDPOINT_FORM: EndpointFormValues = {
  name: '', kind: '', endpoint_url: '', spacecraft_id: '', check_interval: '', timeout: '', retries: '',
  method: '', expected_status: '', keyword: '', json_path: '', json_expected: '', cert_expiry_days: '', ignore_tls: false, job: '',
};

/** The kind the station will use: the chosen one, else what the URL implies. */
export function effectiveKind(v: Pick<EndpointFormValues, 'kind' | 'endpoint_url'>): (typeof ENDPOINT_KINDS)[number] {
  if (v.kind) return v.kind;
  return v.endpoint_url.trim().startsWith('tcp://') ? 'tcp' : 'http';
}

/** A number field as typed: blank is "not given"; anything else goes as a number (the station validates it). */
const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));

/**
 * Blank optional fields are left out so the station applies its defaults (and kind from the URL);
 * settings of other kinds are left out too, so switching kind never sends a stale one.
 */
export function toEndpointInput(v: EndpointFormValues): EndpointInput {
  const input: EndpointInput = { endpoint_url: v.endpoint_url.trim() };
  const kind = effectiveKind(v);
  if (v.name.trim()) input.name = v.name.trim();
  if (v.kind) input.kind = v.kind;
  if (v.spacecraft_id.trim()) input.spacecraft_id = v.spacecraft_id.trim();
  if (v.check_interval.trim()) input.check_interval = v.check_interval.trim();
  if (v.timeout.trim()) input.timeout = v.timeout.trim();
  const retries = num(v.retries);
  if (retries !== undefined) input.retries = retries;
  if (kind === 'http') {
    if (v.method) input.method = v.method;
    const status = num(v.expected_status);
    if (status !== undefined) input.expected_status = status;
    if (v.keyword) input.keyword = v.keyword;
    if (v.json_path.trim()) input.json_path = v.json_path.trim();
    if (v.json_expected) input.json_expected = v.json_expected;
    const days = num(v.cert_expiry_days);
    if (days !== undefined) input.cert_expiry_days = days;
  }
  if (kind === 'prometheus' && v.job.trim()) input.job = v.job.trim();
  if (kind !== 'tcp' && v.ignore_tls) input.ignore_tls = true;
  return input;
}

const CONFIG_KEYS = ['method', 'expected_status', 'keyword', 'json_path', 'json_expected', 'cert_expiry_days', 'ignore_tls', 'job'] as const;

/** An edit: like a new endpoint, but a setting emptied in the form is removed (null), not kept. */
export function toEndpointUpdate(id: number, v: EndpointFormValues): EndpointUpdateInput {
  const input: EndpointUpdateInput = { id, ...toEndpointInput(v), spacecraft_id: v.spacecraft_id.trim() || null };
  for (const key of CONFIG_KEYS) if (input[key] === undefined) input[key] = null;
  return input;
}

/** An endpoint's settings back in the form, for editing. */
export function fromEndpoint(e: Endpoint): EndpointFormValues {
  const c = e.config;
  return {
    name: e.name,
    kind: e.kind as EndpointFormValues['kind'],
    endpoint_url: e.endpoint_url,
    spacecraft_id: e.spacecraft_id ?? '',
    check_interval: toDuration(e.check_interval),
    timeout: toDuration(e.timeout),
    retries: String(e.retries),
    method: c.method ?? '',
    expected_status: c.expected_status === undefined ? '' : String(c.expected_status),
    keyword: c.keyword ?? '',
    json_path: c.json_path ?? '',
    json_expected: c.json_expected ?? '',
    cert_expiry_days: c.cert_expiry_days === undefined ? '' : String(c.cert_expiry_days),
    ignore_tls: c.ignore_tls === true,
    job: c.job ?? '',
  };
}
