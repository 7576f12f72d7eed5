/**
 * The rule form's values as typed, and their translation into the contract's input (and back,
 * to edit a saved rule). Only what JSON cannot carry (numbers that are not numbers, labels that
 * are not key=value) is checked here; every other rule is the station's, whose message the
 * form shows as it comes.
 */
import type { AlertRule, AlertRuleInput, CHANNELS, LOG_MEASURES, OPERATORS, RULE_KINDS, SEVERITIES } from '../../../../shared/api/schemas/alerts';

export type Channel = (typeof CHANNELS)[number];
export type Kind = (typeof RULE_KINDS)[number];

export interface RuleFormValues {
  rule_name: string;
  kind: Kind;
  condition: string;
  operator: (typeof OPERATORS)[number];
  threshold: string;
  clear_threshold: string;
  measure: (typeof LOG_MEASURES)[number];
  window: string;
  for: string;
  interval: string;
  keep_firing_for: string;
  m: string;
  n: string;
  latching: boolean;
  severity: (typeof SEVERITIES)[number];
  channels: Channel[];
  labels: string;
  summary: string;
  description: string;
}

export const EMPTY_RULE_FORM: RuleFormValues = {
  rule_name: '',
  kind: 'log_match',
  condition: '',
  operator: '>',
  threshold: '0',
  clear_threshold: '',
  measure: 'count',
  window: '5m',
  for: '',
  interval: '',
  keep_firing_for: '',
  m: '1',
  n: '1',
  latching: false,
  severity: 'warning',
  channels: ['in_app'],
  labels: '',
  summary: '',
  description: '',
};

/** What each kind measures, what its condition looks like, and sensible first values. */
export const KIND_INFO: Record<Kind, { label: string; hint: string; placeholder: string; operator: RuleFormValues['operator']; threshold: string }> = {
  log_match: { label: 'Log match', hint: 'A log query, e.g. "thruster fault" or level:ERROR service:telemetry; counts matching lines per window.', placeholder: 'level>=error thruster', operator: '>', threshold: '0' },
  metric_threshold: {
    label: 'Metric threshold',
    hint: 'avg|max|min|sum|count|last(metric) over the window, or a metric query firing per series, e.g. max by (spacecraft) (max_over_time(battery.temp_c[5m])).',
    placeholder: 'avg(host.cpu.usage_pct)',
    operator: '>',
    threshold: '90',
  },
  absence: { label: 'Absence / heartbeat', hint: '`log <query>`, `metric <name>` or `spacecraft <id or *>`; the threshold is the silence in seconds.', placeholder: 'spacecraft *', operator: '>', threshold: '300' },
  endpoint_down: { label: 'Endpoint down', hint: 'An endpoint name, or * for every monitored endpoint; the value is 1 while it is down.', placeholder: '*', operator: '>=', threshold: '1' },
  health_below: { label: 'Health score below', hint: 'A spacecraft id, or * for the fleet; the value is the health score 0–100.', placeholder: '*', operator: '<', threshold: '40' },
  rate_of_change: { label: 'Rate of change', hint: 'delta(metric) over the window, or rate(metric) per second, e.g. rate(battery.charge_pct).', placeholder: 'rate(battery.charge_pct)', operator: '<', threshold: '-0.5' },
};

export type RuleFormResult = { ok: true; input: AlertRuleInput } | { ok: false; message: string };

const num = (text: string): number | null => {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
};

export function parseLabels(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `Labels: "${part}" is not key=value.`;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function toRuleInput(values: RuleFormValues): RuleFormResult {
  const threshold = num(values.threshold);
  if (threshold === null || Number.isNaN(threshold)) return { ok: false, message: 'Threshold must be a number.' };
  const clear = num(values.clear_threshold);
  if (Number.isNaN(clear)) return { ok: false, message: 'Clear threshold must be a number (or empty).' };
  const m = Number(values.m || '1');
  const n = Number(values.n || '1');
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) return { ok: false, message: 'M and N must be whole numbers from 1.' };
  const labels = parseLabels(values.labels);
  if (typeof labels === 'string') return { ok: false, message: labels };
  const input: AlertRuleInput = {
    rule_name: values.rule_name.trim(),
    kind: values.kind,
    condition: values.condition.trim(),
    operator: values.operator,
    threshold,
    severity: values.severity,
    notification_channels: [...values.channels],
  };
  // Blank optional fields are left out so the station applies its defaults.
  if (clear !== null) input.clear_threshold = clear;
  if (values.latching) input.latching = true;
  if (Object.keys(labels).length) input.labels = labels;
  if (values.kind === 'log_match' && values.measure !== 'count') input.measure = values.measure;
  if (values.window.trim()) input.window = values.window.trim();
  if (values.for.trim()) input.for = values.for.trim();
  if (values.interval.trim()) input.interval = values.interval.trim();
  if (values.keep_firing_for.trim()) input.keep_firing_for = values.keep_firing_for.trim();
  if (n > 1 || m > 1) input.m_of_n = { m, n };
  if (values.summary.trim()) input.annotations = { summary: values.summary.trim() };
  if (values.description.trim()) input.description = values.description.trim();
  return { ok: true, input };
}

const ms = (v: number) => (v === 0 ? '' : v % 3_600_000 === 0 ? `${v / 3_600_000}h` : v % 60_000 === 0 ? `${v / 60_000}m` : `${Math.round(v / 1000)}s`);

/** A saved rule back into form values, to edit it. */
export function fromRule(r: AlertRule): RuleFormValues {
  return {
    rule_name: r.rule_name,
    kind: r.kind,
    condition: r.condition,
    operator: r.operator,
    threshold: String(r.threshold),
    clear_threshold: r.clear_threshold === null ? '' : String(r.clear_threshold),
    measure: r.measure,
    window: r.window,
    for: ms(r.for_ms),
    interval: ms(r.interval_ms),
    keep_firing_for: ms(r.keep_firing_for_ms),
    m: String(r.m),
    n: String(r.n),
    latching: r.latching,
    severity: r.severity,
    channels: r.notification_channels.filter((c): c is Channel => c === 'desktop' || c === 'in_app'),
    labels: Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(', '),
    summary: r.annotations.summary ?? '',
    description: r.description ?? '',
  };
}
