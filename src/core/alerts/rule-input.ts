/** Turns what an operator typed (AlertRuleInput) into a rule definition, or a 400 naming the field. */
import { ApiError } from '../../shared/api/errors';
import type { AlertRuleInput } from '../../shared/api/schemas/alerts';
import type { NewRule } from '../db/repos/alert-rules';
import { parseDuration } from '../query/time';
import { ruleKind } from './kinds';

/** A complete rule definition (every optional field decided). */
export type RuleDraft = Required<NewRule>;

export function ruleFromInput(input: AlertRuleInput, now: number, createdAt = now): RuleDraft {
  const kind = ruleKind(input.kind);
  const operator = input.operator ?? kind.defaultOperator;
  const window_ms = parseDuration(input.window ?? '5m', 'window');
  if (window_ms < 1000) throw new ApiError('bad_request', 'window: at least 1s');
  const for_ms = parseDuration(input.for ?? '0s', 'for');
  const interval_ms = input.interval === undefined ? 0 : parseDuration(input.interval, 'interval');
  if (input.interval !== undefined && interval_ms < 1000) throw new ApiError('bad_request', 'interval: at least 1s');
  const keep_firing_for_ms = parseDuration(input.keep_firing_for ?? '0s', 'keep_firing_for');
  const { m, n } = input.m_of_n ?? { m: 1, n: 1 };
  if (m > n) throw new ApiError('bad_request', `m_of_n.m: ${m} is more than n (${n})`);
  const clear = input.clear_threshold ?? null;
  if (clear !== null) {
    if (operator === '==' || operator === '!=') throw new ApiError('bad_request', 'clear_threshold: only with <, <=, > or >=');
    const above = operator === '>' || operator === '>=';
    if (above ? clear > input.threshold : clear < input.threshold) {
      throw new ApiError('bad_request', `clear_threshold: must be ${above ? 'at most' : 'at least'} the threshold (${input.threshold}) for operator ${operator}`);
    }
  }
  const measure = input.measure ?? 'count';
  if (input.measure !== undefined && input.kind !== 'log_match') throw new ApiError('bad_request', 'measure: only for log_match rules');
  const rule: RuleDraft = {
    rule_name: input.rule_name.trim(),
    kind: input.kind,
    condition: input.condition,
    operator,
    threshold: input.threshold,
    clear_threshold: clear,
    measure,
    window_ms,
    for_ms,
    interval_ms,
    keep_firing_for_ms,
    m,
    n,
    latching: input.latching ?? false,
    severity: input.severity,
    is_active: input.is_active ?? true,
    notification_channels: input.notification_channels ?? ['desktop', 'in_app'],
    labels: input.labels ?? {},
    annotations: input.annotations ?? {},
    description: input.description ?? null,
    created_at: createdAt,
    updated_at: now,
  };
  if (!rule.rule_name) throw new ApiError('bad_request', 'rule_name: must not be blank');
  kind.validate(rule);
  return rule;
}
