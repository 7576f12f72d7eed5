import { createTransport } from 'nodemailer';
import { bool, int, str, strList, badConfig } from './config-fields';
import type { ChannelModule } from './types';

export interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  from: string;
  to: string[];
  ignore_tls_errors: boolean;
}

const MASK = '••••';
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/** Plain-text mail over SMTP (no HTML: alert text comes from station data). */
export const emailChannel: ChannelModule<EmailConfig> = {
  kind: 'email',
  parse(config) {
    const from = str(config, 'from', { required: true, max: 300 }) as string;
    if (!ADDRESS.test(from)) throw badConfig('from', `"${from.slice(0, 80)}" is not an email address`);
    return {
      host: str(config, 'host', { required: true, max: 255 }) as string,
      port: int(config, 'port', 1, 65535, 587),
      secure: bool(config, 'secure', false),
      user: str(config, 'user', { max: 300 }),
      password: str(config, 'password', { max: 300 }),
      from,
      to: strList(config, 'to', {
        min: 1,
        max: 50,
        item: (s, i) => {
          if (!ADDRESS.test(s)) throw badConfig(`to[${i}]`, `"${s.slice(0, 80)}" is not an email address`);
        },
      }),
      ignore_tls_errors: bool(config, 'ignore_tls_errors', false),
    };
  },
  redact: (c) => ({ ...c, password: c.password ? MASK : undefined }),
  maxAttempts: () => 5,
  async send(_ctx, c, message) {
    const transport = createTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
      tls: { rejectUnauthorized: !c.ignore_tls_errors },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      const alerts = message.alerts.map((a) => `- [${a.severity}] ${a.rule_name}: ${a.message} (alert ${a.id}, ${a.status})`).join('\n');
      await transport.sendMail({
        from: c.from,
        to: c.to,
        subject: message.title.replace(/[\r\n]+/g, ' '),
        text: `${message.body}\n\n${alerts}\n\nnotification ${message.notification_id} from Observatory`,
        headers: { 'X-Observatory-Notification': String(message.notification_id) },
      });
    } finally {
      transport.close();
    }
  },
};

/** An update that sends back the masked password keeps the stored one. */
export function keepEmailPassword(next: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  if (next.password === MASK) return { ...next, password: previous?.password };
  return next;
}
