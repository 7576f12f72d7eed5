import { Type, type Static } from 'typebox';
import { Duration, EpochMs, IdParam, Labels, Nullable } from './common';

export const RULE_KINDS = ['log_match', 'metric_threshold'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const OPERATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATUSES = ['pending', 'firing', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const CHANNELS = ['desktop', 'in_app'] as const;


export const AlertRuleInput = Type.Object(
  {
    rule_name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Enum(RULE_KINDS),
    condition: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'log_match: a log query (free text and field filters); metric_threshold: a metric name, optionally avg(name)/max(name)/min(name)/last(name)',
    }),
    operator: Type.Optional(Type.Enum(OPERATORS)),
    threshold: Type.Number(),
    window: Type.Optional(Duration),
    for: Type.Optional(Duration),
    severity: Type.Enum(SEVERITIES),
    is_active: Type.Optional(Type.Boolean({ default: true })),
    notification_channels: Type.Optional(Type.Array(Type.Enum(CHANNELS), { maxItems: 10, uniqueItems: true })),
    labels: Type.Optional(Labels),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type AlertRuleInput = Static<typeof AlertRuleInput>;

export const AlertRule = Type.Object({
  id: Type.Integer(),
  rule_name: Type.String(),
  kind: Type.Enum(RULE_KINDS),
  condition: Type.String(),
  operator: Type.Enum(OPERATORS),
  threshold: Type.Number(),
  window: Type.String(),
  window_ms: Type.Integer(),
  for: Type.String(),
  for_ms: Type.Integer(),
  severity: Type.Enum(SEVERITIES),
  is_active: Type.Boolean(),
  notification_channels: Type.Array(Type.String()),
  labels: Labels,
  description: Nullable(Type.String()),
  created_at: EpochMs,
  updated_at: EpochMs,
});
export type AlertRule = Static<typeof AlertRule>;

export const AlertRuleList = Type.Object({ items: Type.Array(AlertRule) });
export type AlertRuleList = Static<typeof AlertRuleList>;

export const Alert = Type.Object({
  id: Type.Integer(),
  rule_id: Type.Integer(),
  rule_name: Type.String(),
  severity: Type.Enum(SEVERITIES),
  status: Type.Enum(ALERT_STATUSES),
  triggered_at: EpochMs,
  acknowledged_at: Nullable(EpochMs),
  acknowledged_by: Nullable(Type.String()),
  ack_comment: Nullable(Type.String()),
  resolved_at: Nullable(EpochMs),
  value: Nullable(Type.Number()),
  threshold: Type.Number(),
  message: Type.String(),
  details: Type.Unknown(),
});
export type Alert = Static<typeof Alert>;

export const ActiveAlertsInput = Type.Object(
  {
    status: Type.Optional(
      Type.String({ maxLength: 60, description: 'comma-separated statuses; default pending,firing,acknowledged' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type ActiveAlertsInput = Static<typeof ActiveAlertsInput>;
export const AlertList = Type.Object({ items: Type.Array(Alert) });
export type AlertList = Static<typeof AlertList>;

export const AcknowledgeInput = Type.Object(
  {
    id: IdParam,
    by: Type.String({ minLength: 1, maxLength: 100, description: 'who acknowledges' }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type AcknowledgeInput = Static<typeof AcknowledgeInput>;
