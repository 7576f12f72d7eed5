/**
 * The rule form's values as typed, and their translation into the contract's input. Only what
 * JSON cannot carry (a threshold that is not a number) is checked here; every other rule is the
 * station's, whose message the form shows as it comes.
 */
import type {
  CHANNELS,
  OPERATORS,
  RULE_KINDS,
  SEVERITIES} from '../../../../shared/api/schemas/alerts';
import {
  type AlertRuleInput,
} from '../../../../shared/api/schemas/alerts';

export type Channel = (typeof CHANNELS)[number];

export interface RuleFormValues {
  rule_name: string;
  kind: (typeof RULE_KINDS)[number];
  condition: string;
  operator: (typeof OPERATORS)[number];
  threshold: string;
  window: string;
  for: string;
  severity: (typeof SEVERITIES)[number];
  channels: Channel[];
  description: string;
}

export const EMPTY_RULE_FORM: RuleFormValues = {
  rule_name: '',
  kind: 'log_match',
  condition: '',
  operator: '>',
  threshold: '0',
  window: '5m',
  for: '',
  severity: 'warning',
  channels: ['in_app'],
  description: '',
};

export type RuleFormResult = { ok: true; input: AlertRuleInput } | { ok: false; message: string };

export function toRuleInput(values: RuleFormValues): RuleFormResult {
  const thresholdText = values.threshold.trim();
  const threshold = Number(thresholdText);
  if (thresholdText === '' || !Number.isFinite(threshold)) {
    return { ok: false, message: 'Threshold must be a number.' };
  }
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
  if (values.window.trim()) input.window = values.window.trim();
  if (values.for.trim()) input.for = values.for.trim();
  if (values.description.trim()) input.description = values.description.trim();
  return { ok: true, input };
}
