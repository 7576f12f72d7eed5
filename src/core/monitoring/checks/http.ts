import { describeError, httpExchange } from './http-get';
import { jsonPathGet } from './json-path';
import { roundMs, type CheckKind } from './types';

const DAY = 86_400_000;

/**
 * HTTP(S): the expected status (default any 2xx/3xx), then optionally a keyword in the body, a
 * JSON path that must exist (and equal json_expected), and for https a certificate that does not
 * expire within cert_expiry_days.
 */
export const httpCheck: CheckKind = {
  kind: 'http',
  protocols: ['http:', 'https:'],
  validate(url, c) {
    if (c.cert_expiry_days !== undefined && url.protocol !== 'https:') return 'cert_expiry_days: only for https:// URLs';
    if (c.ignore_tls !== undefined && url.protocol !== 'https:') return 'ignore_tls: only for https:// URLs';
    if (c.json_expected !== undefined && c.json_path === undefined) return 'json_expected: needs json_path';
    if (c.job !== undefined) return 'job: only for prometheus endpoints';
    if (c.method === 'HEAD' && (c.keyword !== undefined || c.json_path !== undefined)) return `${c.keyword !== undefined ? 'keyword' : 'json_path'}: a HEAD answer has no body to look in`;
    return null;
  },
  async check(t, now) {
    const c = t.config;
    const readBody = c.keyword !== undefined || c.json_path !== undefined;
    let answer;
    try {
      answer = await httpExchange(t.url, { method: c.method ?? 'GET', timeoutMs: t.timeoutMs, readBody, insecure: c.ignore_tls === true });
    } catch (e) {
      return { ok: false, latency_ms: null, error: describeError(e) };
    }
    const latency_ms = roundMs(answer.latencyMs);
    const fail = (error: string) => ({ ok: false, latency_ms, error });
    const statusOk = c.expected_status !== undefined ? answer.status === c.expected_status : answer.status >= 200 && answer.status < 400;
    if (!statusOk) return fail(c.expected_status !== undefined ? `HTTP ${answer.status}, expected ${c.expected_status}` : `HTTP ${answer.status}`);
    if (c.keyword !== undefined && !answer.body.includes(c.keyword)) return fail(`keyword "${c.keyword.slice(0, 50)}" not in the body`);
    if (c.json_path !== undefined) {
      let doc: unknown;
      try {
        doc = JSON.parse(answer.body);
      } catch {
        return fail('body is not JSON');
      }
      const v = jsonPathGet(doc, c.json_path);
      if (v === undefined) return fail(`${c.json_path}: not found`);
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      if (c.json_expected !== undefined && text !== c.json_expected) return fail(`${c.json_path} is ${text.slice(0, 80)}, expected ${c.json_expected.slice(0, 80)}`);
    }
    if (c.cert_expiry_days !== undefined && answer.certValidTo !== null) {
      const days = (answer.certValidTo - now) / DAY;
      if (days < c.cert_expiry_days) return fail(`certificate expires in ${Math.floor(days)} days (limit ${c.cert_expiry_days})`);
    }
    return { ok: true, latency_ms, error: null };
  },
};
