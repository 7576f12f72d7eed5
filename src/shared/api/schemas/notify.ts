import { Type, type Static } from 'typebox';
import { Duration, EpochMs, IdParam, Nullable } from './common';
import { SEVERITIES } from './alerts';

/** Channel kinds; each is one module in core/notify/channels. */
export const CHANNEL_KINDS = ['desktop', 'in_app', 'browser', 'sound', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Why a notification was queued. */
export const NOTIFICATION_PURPOSES = ['firing', 'repeat', 'escalation', 'resolved', 'summary', 'test'] as const;
export type NotificationPurpose = (typeof NOTIFICATION_PURPOSES)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const ChannelName = Type.String({ minLength: 1, maxLength: 80 });

/** Config is checked by the channel kind's module so a refusal names `config.<field>`. */
const ChannelConfig = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  description:
    'webhook: { url, format: json|slack|mattermost, headers?, max_attempts? }; email: { host, port, secure?, user?, password?, from, to: [..] }; ' +
    'sound: { severities?: [..] }; desktop, in_app, browser: {}',
});

export const ChannelInput = Type.Object(
  {
    id: Type.Optional(IdParam),
    name: ChannelName,
    kind: Type.Enum(CHANNEL_KINDS),
    config: Type.Optional(ChannelConfig),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelInput = Static<typeof ChannelInput>;

export const Channel = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum(CHANNEL_KINDS),
  config: Type.Record(Type.String(), Type.Unknown()),
  enabled: Type.Boolean(),
  created_at: EpochMs,
  updated_at: EpochMs,
});
export type Channel = Static<typeof Channel>;
export const ChannelList = Type.Object({ items: Type.Array(Channel) });
export type ChannelList = Static<typeof ChannelList>;
export const ChannelId = Type.Object({ id: IdParam }, { additionalProperties: false });
export type ChannelId = Static<typeof ChannelId>;

export const ChannelTestResult = Type.Object({ ok: Type.Boolean(), message: Type.String(), delivery_id: Type.Integer() });
export type ChannelTestResult = Static<typeof ChannelTestResult>;

export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const;
export const Matcher = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 128, description: 'the label' }), op: Type.Enum(MATCH_OPS), value: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
export type Matcher = Static<typeof Matcher>;

export const EscalationTier = Type.Object(
  { after: Duration, receivers: Type.Array(ChannelName, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
export type EscalationTier = Static<typeof EscalationTier>;

/**
 * One node of the routing tree, stored flat: `parent` names the parent route's id (null for the
 * one root, which matches everything). Children are tried in list order, Alertmanager style.
 */
export const Route = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    parent: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
    matchers: Type.Array(Matcher, { maxItems: 20 }),
    severities: Type.Array(Type.Enum(SEVERITIES), { maxItems: 3, uniqueItems: true, description: 'empty: any severity' }),
    receivers: Type.Array(ChannelName, { maxItems: 20 }),
    continue: Type.Boolean(),
    group_by: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 10 }),
    group_wait: Duration,
    group_interval: Duration,
    repeat_interval: Type.String({ pattern: '^(0|[0-9]{1,9}(ms|s|m|h|d))$', maxLength: 12, description: 'a duration; 0 never repeats' }),
    send_resolved: Type.Boolean(),
    escalation: Type.Array(EscalationTier, { maxItems: 5 }),
  },
  { additionalProperties: false },
);
export type Route = Static<typeof Route>;

/**
 * A new route's settings: no matchers (everything), grouped per rule, sent at once (an operator's
 * console must not sit on a critical alert the way Alertmanager's 30 s group_wait would), repeated
 * every 4 h while unacknowledged. The station's default root and the editor's "add route" share it.
 */
export function newRouteSettings(id: string, parent: string | null, receivers: string[] = []): Route {
  return {
    id,
    parent,
    matchers: [],
    severities: [],
    receivers,
    continue: false,
    group_by: ['alertname'],
    group_wait: '0s',
    group_interval: '1m',
    repeat_interval: '4h',
    send_resolved: false,
    escalation: [],
  };
}

export const FloodControl = Type.Object(
  {
    max_alerts: Type.Integer({ minimum: 0, maximum: 100_000, description: 'more than this many alerts firing within `window` collapse into one summary; 0 turns it off' }),
    window: Duration,
  },
  { additionalProperties: false },
);
export type FloodControl = Static<typeof FloodControl>;

export const RoutingConfig = Type.Object(
  { routes: Type.Array(Route, { minItems: 1, maxItems: 200 }), flood: FloodControl },
  { additionalProperties: false },
);
export type RoutingConfig = Static<typeof RoutingConfig>;

export const DeliveriesInput = Type.Object(
  {
    status: Type.Optional(Type.Enum(DELIVERY_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type DeliveriesInput = Static<typeof DeliveriesInput>;

export const Delivery = Type.Object({
  id: Type.Integer(),
  channel_id: Type.Integer(),
  channel_name: Type.String(),
  channel_kind: Type.String(),
  purpose: Type.Enum(NOTIFICATION_PURPOSES),
  status: Type.Enum(DELIVERY_STATUSES),
  alert_ids: Type.Array(Type.Integer()),
  title: Nullable(Type.String()),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String()),
  created_at: EpochMs,
  due_at: EpochMs,
  sent_at: Nullable(EpochMs),
});
export type Delivery = Static<typeof Delivery>;
export const DeliveryList = Type.Object({ items: Type.Array(Delivery), pending: Type.Integer() });
export type DeliveryList = Static<typeof DeliveryList>;

/** What a channel delivers; also the payload of local (desktop, in-app, browser, sound) events. */
export const NotificationAlert = Type.Object({
  id: Type.Integer(),
  rule_name: Type.String(),
  severity: Type.Enum(SEVERITIES),
  status: Type.String(),
  message: Type.String(),
  value: Nullable(Type.Number()),
  threshold: Type.Number(),
  labels: Type.Record(Type.String(), Type.String()),
});
export type NotificationAlert = Static<typeof NotificationAlert>;

export interface NotificationMessage {
  /** The outbox row's id: receivers de-duplicate redeliveries (at-least-once) with it. */
  notification_id: number;
  purpose: NotificationPurpose;
  severity: (typeof SEVERITIES)[number];
  title: string;
  body: string;
  alerts: NotificationAlert[];
  /** Flood summaries: how many alerts the summary stands for. */
  count: number;
  at: number;
}
