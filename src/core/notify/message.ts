/**
 * Notification text. Alert messages come from station data (log lines, labels), so text is
 * stripped of control characters and capped here; each channel then escapes for its medium
 * (Linux notification markup in the Electron main, Slack mrkdwn in the webhook, React in the UI).
 */
import type { Severity } from '../../shared/api/schemas/alerts';
import type { NotificationAlert, NotificationMessage, NotificationPurpose } from '../../shared/api/schemas/notify';
import { formatDuration } from '../query/time';

export const TITLE_MAX = 200;
export const BODY_MAX = 4000;
const LISTED = 10;

// C0 controls except tab/newline, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Removes control characters and caps at `max` characters without splitting a surrogate pair. */
export function cleanText(raw: string, max: number, singleLine = false): string {
  let s = raw.replace(CONTROL, ' ');
  if (singleLine) s = s.replace(/\s+/g, ' ').trim();
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
export const worstSeverity = (alerts: NotificationAlert[]): Severity =>
  alerts.reduce<Severity>((w, a) => (RANK[a.severity] < RANK[w] ? a.severity : w), 'info');

export interface MessageInput {
  id: number;
  purpose: NotificationPurpose;
  alerts: NotificationAlert[];
  at: number;
  /** Escalation: how long the alert has been unacknowledged; summaries: the flood window. */
  afterMs?: number;
  channelName?: string;
}

function line(a: NotificationAlert): string {
  return `[${a.severity}] ${a.rule_name}: ${a.message}`;
}

export function buildMessage(m: MessageInput): NotificationMessage {
  const { alerts } = m;
  const severity = worstSeverity(alerts);
  const first = alerts[0];
  let title: string;
  let body: string;
  if (m.purpose === 'test') {
    title = `Observatory test notification${m.channelName ? ` (${m.channelName})` : ''}`;
    body = 'If you can read this, the channel works. No alert is involved.';
  } else if (m.purpose === 'summary') {
    const bySeverity = (['critical', 'warning', 'info'] as const).map((s) => [s, alerts.filter((a) => a.severity === s).length] as const).filter(([, n]) => n > 0);
    title = `Flood control: ${alerts.length} alerts firing`;
    body =
      `${alerts.length} alerts started firing within ${formatDuration(m.afterMs ?? 0)}, more than flood control allows; ` +
      `their individual notifications are held back (${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}). Open the Alerts screen.\n` +
      alerts.slice(0, LISTED).map(line).join('\n') +
      (alerts.length > LISTED ? `\n… and ${alerts.length - LISTED} more` : '');
  } else {
    const prefix = { firing: '', repeat: 'Still firing — ', escalation: `Unacknowledged for ${formatDuration(m.afterMs ?? 0)} — `, resolved: 'RESOLVED — ' }[m.purpose];
    const what = alerts.length === 1 && first ? first.rule_name : `${alerts.length} alerts (${[...new Set(alerts.map((a) => a.rule_name))].slice(0, 3).join(', ')})`;
    title = `${prefix}${m.purpose === 'resolved' ? '' : `${severity.toUpperCase()}: `}${what}`;
    body = alerts.slice(0, LISTED).map((a) => (alerts.length === 1 ? a.message : line(a))).join('\n') + (alerts.length > LISTED ? `\n… and ${alerts.length - LISTED} more` : '');
  }
  return {
    notification_id: m.id,
    purpose: m.purpose,
    severity: m.purpose === 'test' ? 'info' : severity,
    title: cleanText(title, TITLE_MAX, true),
    body: cleanText(body, BODY_MAX),
    alerts: alerts.map((a) => ({ ...a, rule_name: cleanText(a.rule_name, TITLE_MAX, true), message: cleanText(a.message, 1000) })),
    count: alerts.length,
    at: m.at,
  };
}
