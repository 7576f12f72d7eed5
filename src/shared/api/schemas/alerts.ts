import { Type, type Static } from 'typebox';
import { Duration, EpochMs, IdParam, Labels, Nullable, TimeBound } from './common';

export const RULE_KINDS = ['log_match', 'metric_threshold', 'absence', 'endpoint_down', 'health_below', 'rate_of_change'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const OPERATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/**
 * ISA-18.2 style alarm states. `cleared`: the condition returned to normal while the alarm was
 * unacknowledged and the rule latches, so it stays visible until someone acknowledges it.
 * `shelved`: an operator hid it until `shelved_until`; then it comes back unacknowledged if still active.
 * "Normal" is the absence of an open alert (a transition from normal has `from: null`).
 */
export const ALERT_STATUSES = ['pending', 'firing', 'acknowledged', 'cleared', 'shelved', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** The name the notification side uses for a lifecycle state. */
export type AlertState = AlertStatus;
export const CHANNELS = ['desktop', 'in_app'] as const;
export const LOG_MEASURES = ['count', 'rate'] as const;
export type LogMeasure = (typeof LOG_MEASURES)[number];

const Annotations = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }));

export const AlertRuleInput = Type.Object(
  {
    rule_name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Enum(RULE_KINDS),
    condition: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'log_match: a log query; metric_threshold: avg|min|max|sum|count|last(metric); absence: `log <query>`, `metric <name>` or `spacecraft <id|*>`; ' +
        'endpoint_down: an endpoint name or *; health_below: a spacecraft id or *; rate_of_change: delta(metric) or rate(metric) (per second)',
    }),
    operator: Type.Optional(Type.Enum(OPERATORS)),
    threshold: Type.Number(),
    clear_threshold: Type.Optional(Nullable(Type.Number({ description: 'hysteresis: once active, the alert clears only when this is no longer crossed' }))),
    measure: Type.Optional(Type.Enum(LOG_MEASURES, { description: 'log_match: count of lines in the window, or rate in lines per minute' })),
    window: Type.Optional(Duration),
    for: Type.Optional(Duration),
    interval: Type.Optional(Duration),
    keep_firing_for: Type.Optional(Duration),
    m_of_n: Type.Optional(
      Type.Object(
        { m: Type.Integer({ minimum: 1, maximum: 100 }), n: Type.Integer({ minimum: 1, maximum: 100 }) },
        { additionalProperties: false, description: 'breach in M of the last N evaluation periods' },
      ),
    ),
    latching: Type.Optional(Type.Boolean()),
    severity: Type.Enum(SEVERITIES),
    is_active: Type.Optional(Type.Boolean({ default: true })),
    notification_channels: Type.Optional(Type.Array(Type.Enum(CHANNELS), { maxItems: 10, uniqueItems: true })),
    labels: Type.Optional(Labels),
    annotations: Type.Optional(Annotations),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    by: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'who makes the change (audit log)' })),
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
  clear_threshold: Nullable(Type.Number()),
  measure: Type.Enum(LOG_MEASURES),
  window: Type.String(),
  window_ms: Type.Integer(),
  for: Type.String(),
  for_ms: Type.Integer(),
  interval_ms: Type.Integer({ description: '0: the station default' }),
  keep_firing_for_ms: Type.Integer(),
  m: Type.Integer(),
  n: Type.Integer(),
  latching: Type.Boolean(),
  severity: Type.Enum(SEVERITIES),
  is_active: Type.Boolean(),
  notification_channels: Type.Array(Type.String()),
  labels: Labels,
  annotations: Annotations,
  description: Nullable(Type.String()),
  version: Type.Integer(),
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
  labels: Labels,
  fingerprint: Type.String({ description: 'rule + labels: one open alert per fingerprint' }),
  started_at: EpochMs,
  triggered_at: EpochMs,
  acknowledged_at: Nullable(EpochMs),
  acknowledged_by: Nullable(Type.String()),
  ack_comment: Nullable(Type.String()),
  shelved_until: Nullable(EpochMs),
  shelved_by: Nullable(Type.String()),
  resolved_at: Nullable(EpochMs),
  condition_active: Type.Boolean({ description: 'whether the condition is breached now (false for a latched, cleared alarm)' }),
  silenced_by: Nullable(Type.Integer({ description: 'the silence that suppresses its notifications now' })),
  value: Nullable(Type.Number()),
  threshold: Type.Number(),
  message: Type.String(),
  annotations: Type.Record(Type.String(), Type.String()),
  details: Type.Unknown(),
});
export type Alert = Static<typeof Alert>;

export const ActiveAlertsInput = Type.Object(
  {
    status: Type.Optional(
      Type.String({ maxLength: 80, description: 'comma-separated statuses; default open (pending,firing,acknowledged,cleared,shelved); all' }),
    ),
    severity: Type.Optional(Type.Enum(SEVERITIES)),
    rule_id: Type.Optional(IdParam),
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

export const ShelveInput = Type.Object(
  {
    id: IdParam,
    by: Type.String({ minLength: 1, maxLength: 100 }),
    duration: Type.Optional(Duration),
    until: Type.Optional(TimeBound),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ShelveInput = Static<typeof ShelveInput>;

export const IdInput = Type.Object({ id: IdParam }, { additionalProperties: false });
export type IdInput = Static<typeof IdInput>;
export const ByIdInput = Type.Object(
  { id: IdParam, by: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type ByIdInput = Static<typeof ByIdInput>;

export const UpdateRuleInput = Type.Object(
  { ...AlertRuleInput.properties, id: IdParam },
  { additionalProperties: false },
);
export type UpdateRuleInput = Static<typeof UpdateRuleInput>;

export const EnableRuleInput = Type.Object(
  { id: IdParam, enabled: Type.Boolean(), by: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export type EnableRuleInput = Static<typeof EnableRuleInput>;

export const RuleVersion = Type.Object({
  rule_id: Type.Integer(),
  version: Type.Integer(),
  change: Type.String(),
  changed_by: Type.String(),
  changed_at: EpochMs,
  rule: AlertRule,
});
export type RuleVersion = Static<typeof RuleVersion>;
export const RuleVersionList = Type.Object({ items: Type.Array(RuleVersion) });
export type RuleVersionList = Static<typeof RuleVersionList>;
export const RestoreVersionInput = Type.Object(
  { id: IdParam, version: Type.Integer({ minimum: 1 }), by: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export type RestoreVersionInput = Static<typeof RestoreVersionInput>;

export const Transition = Type.Object({
  at: EpochMs,
  from: Nullable(Type.Enum(ALERT_STATUSES)),
  to: Type.Enum(ALERT_STATUSES),
  value: Nullable(Type.Number()),
  actor: Nullable(Type.String()),
  comment: Nullable(Type.String()),
});
export type Transition = Static<typeof Transition>;

export const AlertDetail = Type.Object({
  alert: Alert,
  rule: Nullable(AlertRule),
  transitions: Type.Array(Transition),
  /** The data that triggered it: a metric series around the alert, or the matching log lines. */
  data: Type.Object({
    points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
    lines: Type.Array(Type.Object({ id: Type.Integer(), timestamp: EpochMs, level: Type.String(), message: Type.String() })),
  }),
});
export type AlertDetail = Static<typeof AlertDetail>;

const Matcher = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    op: Type.Enum(['=', '!=', '=~', '!~'] as const),
    value: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type Matcher = Static<typeof Matcher>;
const Recurrence = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, uniqueItems: true, description: '0 = Sunday (UTC)' }),
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM UTC' }),
    duration: Duration,
  },
  { additionalProperties: false },
);
export type Recurrence = Static<typeof Recurrence>;

export const SilenceInput = Type.Object(
  {
    matchers: Type.Array(Matcher, { minItems: 1, maxItems: 20, description: 'all must match the alert labels (rule labels, series labels, alertname, severity)' }),
    starts_at: Type.Optional(TimeBound),
    ends_at: TimeBound,
    recurrence: Type.Optional(Recurrence),
    comment: Type.String({ minLength: 1, maxLength: 2000 }),
    by: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type SilenceInput = Static<typeof SilenceInput>;
export const Silence = Type.Object({
  id: Type.Integer(),
  matchers: Type.Array(Matcher),
  starts_at: EpochMs,
  ends_at: EpochMs,
  recurrence: Nullable(Recurrence),
  comment: Type.String(),
  created_by: Type.String(),
  created_at: EpochMs,
  expired_at: Nullable(EpochMs),
  active_now: Type.Boolean(),
});
export type Silence = Static<typeof Silence>;
export const SilenceList = Type.Object({ items: Type.Array(Silence) });
export type SilenceList = Static<typeof SilenceList>;

export const AuditInput = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'text in the summary, actor or target' })),
    action: Type.Optional(Type.String({ maxLength: 40 })),
    actor: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(TimeBound),
    to: Type.Optional(TimeBound),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type AuditInput = Static<typeof AuditInput>;
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: EpochMs,
  actor: Type.String(),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Nullable(Type.Integer()),
  summary: Type.String(),
  details: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditList = Type.Object({ items: Type.Array(AuditEntry) });
export type AuditList = Static<typeof AuditList>;

export const PreviewOutput = Type.Object({
  series: Type.Array(Type.Object({ labels: Labels, value: Nullable(Type.Number()), breached: Type.Boolean() })),
  message: Type.String(),
});
export type PreviewOutput = Static<typeof PreviewOutput>;

export const BacktestInput = Type.Object(
  {
    rule: AlertRuleInput,
    from: Type.Optional(TimeBound),
    to: Type.Optional(TimeBound),
    step: Type.Optional(Duration),
  },
  { additionalProperties: false },
);
export type BacktestInput = Static<typeof BacktestInput>;
export const BACKTEST_STATES = ['running', 'done', 'cancelled', 'failed'] as const;
export const Backtest = Type.Object({
  id: Type.Integer(),
  state: Type.Enum(BACKTEST_STATES),
  progress: Type.Number({ description: '0..1' }),
  from: EpochMs,
  to: EpochMs,
  step_ms: Type.Integer(),
  error: Nullable(Type.String()),
  /** Evaluated values per step (first series), for the timeline chart. */
  points: Type.Array(Type.Object({ t: EpochMs, v: Nullable(Type.Number()) })),
  events: Type.Array(
    Type.Object({ at: EpochMs, labels: Labels, from: Nullable(Type.Enum(ALERT_STATUSES)), to: Type.Enum(ALERT_STATUSES), value: Nullable(Type.Number()) }),
  ),
  fired: Type.Integer(),
  resolved: Type.Integer(),
});
export type Backtest = Static<typeof Backtest>;
