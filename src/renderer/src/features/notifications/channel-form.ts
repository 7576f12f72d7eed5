import type { Severity } from '../../../../shared/api/schemas/alerts';
import type { Channel, ChannelInput, ChannelKind } from '../../../../shared/api/schemas/notify';

/** The channel form's text fields; `toChannelInput` turns them into the API's shape. */
export interface ChannelFormValues {
  id: number | null;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  url: string;
  format: 'json' | 'slack' | 'mattermost';
  authorization: string;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  from: string;
  to: string;
  severities: Severity[];
}

export const EMPTY_CHANNEL: ChannelFormValues = {
  id: null,
  name: '',
  kind: 'webhook',
  enabled: true,
  url: '',
  format: 'json',
  authorization: '',
  host: '',
  port: '587',
  secure: false,
  user: '',
  password: '',
  from: '',
  to: '',
  severities: ['critical', 'warning'],
};

export const KIND_LABEL: Record<ChannelKind, string> = {
  desktop: 'Desktop notification',
  in_app: 'In-app banner',
  browser: 'Browser notification',
  sound: 'Audible alarm',
  webhook: 'Webhook (JSON, Slack, Mattermost)',
  email: 'Email (SMTP)',
};

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function channelToForm(c: Channel): ChannelFormValues {
  const cfg = c.config;
  const headers = (cfg.headers ?? {}) as Record<string, string>;
  return {
    ...EMPTY_CHANNEL,
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    url: text(cfg.url),
    format: (text(cfg.format) || 'json') as ChannelFormValues['format'],
    authorization: headers.Authorization ?? '',
    host: text(cfg.host),
    port: text(cfg.port) || '587',
    secure: cfg.secure === true,
    user: text(cfg.user),
    password: text(cfg.password),
    from: text(cfg.from),
    to: Array.isArray(cfg.to) ? (cfg.to as string[]).join(', ') : '',
    severities: Array.isArray(cfg.severities) ? (cfg.severities as Severity[]) : EMPTY_CHANNEL.severities,
  };
}

/** Values as typed; the station validates and answers with the field at fault. */
export function toChannelInput(v: ChannelFormValues): ChannelInput {
  const base = { name: v.name.trim(), kind: v.kind, enabled: v.enabled, ...(v.id !== null ? { id: v.id } : {}) };
  switch (v.kind) {
    case 'webhook':
      return { ...base, config: { url: v.url.trim(), format: v.format, ...(v.authorization ? { headers: { Authorization: v.authorization } } : {}) } };
    case 'email':
      return {
        ...base,
        config: {
          host: v.host.trim(),
          port: /^\d+$/.test(v.port.trim()) ? Number(v.port.trim()) : v.port,
          secure: v.secure,
          ...(v.user ? { user: v.user } : {}),
          ...(v.password ? { password: v.password } : {}),
          from: v.from.trim(),
          to: v.to.split(',').map((s) => s.trim()).filter(Boolean),
        },
      };
    case 'sound':
      return { ...base, config: { severities: v.severities } };
    default:
      return { ...base, config: {} };
  }
}
