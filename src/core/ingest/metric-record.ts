/** One posted metric sample → one stored sample, or a reason naming the field. */
import { METRIC_TYPES } from '../../shared/api/schemas/metrics';
import type { MetricSample } from '../db/repos/metrics';
import { parseTimestamp } from './log-record';

const KNOWN = new Set(['name', 'value', 'type', 'unit', 'labels', 'timestamp', 'source']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:.]{0,199}$/;

export type NormalisedMetric = { ok: true; sample: MetricSample } | { ok: false; error: string };

export function normaliseMetric(input: unknown, now: number): NormalisedMetric {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, error: 'sample: must be a JSON object' };
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) return { ok: false, error: `${key.slice(0, 64)}: unknown field` };
  }
  if (typeof o.name !== 'string' || !NAME.test(o.name)) {
    return { ok: false, error: 'name: required, letters, digits, _ : . (max 200), not starting with a digit' };
  }
  if (typeof o.value !== 'number' || !Number.isFinite(o.value)) return { ok: false, error: 'value: required, a finite number' };
  if (o.type !== undefined && !(METRIC_TYPES as readonly unknown[]).includes(o.type)) {
    return { ok: false, error: `type: one of ${METRIC_TYPES.join(', ')}` };
  }
  if (o.unit !== undefined && (typeof o.unit !== 'string' || o.unit.length > 32)) return { ok: false, error: 'unit: a string of at most 32 characters' };
  if (o.source !== undefined && (typeof o.source !== 'string' || o.source.length > 200)) return { ok: false, error: 'source: a string of at most 200 characters' };
  const labels: Record<string, string> = {};
  if (o.labels !== undefined) {
    if (typeof o.labels !== 'object' || o.labels === null || Array.isArray(o.labels)) return { ok: false, error: 'labels: an object of strings' };
    const entries = Object.entries(o.labels as Record<string, unknown>);
    if (entries.length > 32) return { ok: false, error: 'labels: at most 32' };
    for (const [k, v] of entries) {
      if (typeof v !== 'string' || k.length > 128 || v.length > 256) return { ok: false, error: `labels.${k.slice(0, 64)}: a string of at most 256 characters` };
      labels[k] = v;
    }
  }
  let timestamp = now;
  if (o.timestamp !== undefined) {
    const t = parseTimestamp(o.timestamp);
    if (typeof t === 'string') return { ok: false, error: t };
    timestamp = t;
  }
  if (o.type !== undefined) labels.__type = o.type as string;
  return {
    ok: true,
    sample: {
      metric_name: o.name,
      value: o.value,
      unit: (o.unit as string | undefined) ?? null,
      timestamp,
      source_system: (o.source as string | undefined) || labels.host || null,
      tags: Object.keys(labels).length ? JSON.stringify(labels) : null,
    },
  };
}
