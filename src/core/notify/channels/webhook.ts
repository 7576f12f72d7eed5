import type { NotificationMessage } from '../../../shared/api/schemas/notify';
import { badConfig, httpUrl, int, oneOf } from './config-fields';
import type { ChannelModule } from './types';

export const WEBHOOK_FORMATS = ['json', 'slack', 'mattermost'] as const;
type Format = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookConfig {
  url: string;
  format: Format;
  headers: Record<string, string>;
  max_attempts: number;
  timeout_ms: number;
}

/** Slack's text escaping: only these three are control characters in mrkdwn. */
export const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const EMOJI = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' } as const;

/**
 * The body a receiver gets. `json` is our own shape (with `notification_id` for de-duplicating
 * redeliveries); Slack and Mattermost incoming webhooks both take `{ text }` in their markdown.
 */
export function webhookBody(format: Format, m: NotificationMessage): unknown {
  if (format === 'json') return { ...m, source: 'observatory' };
  const icon = m.purpose === 'resolved' ? ':white_check_mark:' : EMOJI[m.severity];
  const text = `${icon} *${slackEscape(m.title)}*\n${slackEscape(m.body)}\n_notification ${m.notification_id}_`;
  return format === 'slack' ? { text } : { text, username: 'Observatory' };
}

const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

export const webhookChannel: ChannelModule<WebhookConfig> = {
  kind: 'webhook',
  parse(config) {
    const raw = config.headers ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badConfig('headers', 'must be an object of header: value');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (!HEADER_NAME.test(k)) throw badConfig(`headers.${k.slice(0, 40)}`, 'is not a valid header name');
      if (typeof v !== 'string' || v.length > 2000 || /[\r\n]/.test(v)) throw badConfig(`headers.${k}`, 'must be a one-line string');
      headers[k] = v;
    }
    return {
      url: httpUrl(config, 'url'),
      format: oneOf(config, 'format', WEBHOOK_FORMATS, 'json'),
      headers,
      max_attempts: int(config, 'max_attempts', 1, 20, 6),
      timeout_ms: int(config, 'timeout_ms', 100, 60_000, 10_000),
    };
  },
  // Header values often carry tokens.
  redact: (c) => ({ ...c, headers: Object.fromEntries(Object.keys(c.headers).map((k) => [k, '••••'])) }),
  maxAttempts: (c) => c.max_attempts,
  async send(_ctx, config, message) {
    const res = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'observatory-notify', ...config.headers },
      body: JSON.stringify(webhookBody(config.format, message)),
      signal: AbortSignal.timeout(config.timeout_ms),
    });
    // Drain the body so the connection is reused.
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new Error(`webhook answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  },
};

