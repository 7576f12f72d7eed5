import { METRIC_TYPES } from '../../../shared/api/schemas/metrics';
import type { MetricSample } from '../../db/repos/metrics';
import { parsePrometheusText, type PromSample } from '../prometheus-text';
import { describeError, httpExchange } from './http-get';
import { roundMs, type CheckKind, type CheckTarget } from './types';

/** More than this from one scrape is refused: a runaway exporter must not fill the disk. */
export const MAX_SCRAPE_SAMPLES = 50_000;

/**
 * Prometheus scrape: GET the target's text exposition and store every series with `job` and
 * `instance` labels, as Prometheus does (a target's own job/instance become exported_job/
 * exported_instance). Up when the scrape answers 2xx and parses; non-finite values are skipped
 * since the store keeps finite numbers only.
 */
export const prometheusCheck: CheckKind = {
  kind: 'prometheus',
  protocols: ['http:', 'https:'],
  validate(_url, c) {
    const other = (['method', 'expected_status', 'keyword', 'json_path', 'json_expected', 'cert_expiry_days'] as const).find((k) => c[k] !== undefined);
    return other ? `${other}: not for prometheus endpoints` : null;
  },
  async check(t, now) {
    let answer;
    try {
      answer = await httpExchange(t.url, { method: 'GET', timeoutMs: t.timeoutMs, readBody: true, accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1', insecure: t.config.ignore_tls === true });
    } catch (e) {
      return { ok: false, latency_ms: null, error: describeError(e) };
    }
    const latency_ms = roundMs(answer.latencyMs);
    if (answer.status < 200 || answer.status >= 300) return { ok: false, latency_ms, error: `HTTP ${answer.status}` };
    const parsed = parsePrometheusText(answer.body);
    if (parsed.samples.length === 0 && parsed.errors.length > 0) return { ok: false, latency_ms, error: `not a Prometheus exposition: ${parsed.errors[0]}` };
    if (parsed.samples.length > MAX_SCRAPE_SAMPLES) return { ok: false, latency_ms, error: `${parsed.samples.length} samples, more than ${MAX_SCRAPE_SAMPLES}` };
    const samples = toMetricSamples(parsed.samples, t, now);
    const error = parsed.errors.length ? `${parsed.errors.length} lines skipped (${parsed.errors[0]})` : null;
    return { ok: true, latency_ms, error, samples };
  },
};

export function scrapeLabels(t: Pick<CheckTarget, 'name' | 'url' | 'config'>): { job: string; instance: string } {
  return { job: t.config.job ?? t.name, instance: new URL(t.url).host };
}

export function toMetricSamples(samples: PromSample[], t: Pick<CheckTarget, 'name' | 'url' | 'config'>, now: number): MetricSample[] {
  const { job, instance } = scrapeLabels(t);
  const out: MetricSample[] = [];
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) {
      if (v === '' || k.startsWith('__')) continue;
      labels[k === 'job' || k === 'instance' ? `exported_${k}` : k] = v;
    }
    labels.job = job;
    labels.instance = instance;
    if ((METRIC_TYPES as readonly string[]).includes(s.type)) labels.__type = s.type;
    const sorted = Object.keys(labels).sort();
    out.push({
      metric_name: s.name,
      value: s.value,
      unit: null,
      timestamp: s.timestamp ?? now,
      source_system: instance,
      tags: JSON.stringify(Object.fromEntries(sorted.map((k) => [k, labels[k]]))),
    });
  }
  return out;
}
