import { describe, expect, it } from 'vitest';
import type { NotificationAlert } from '../../../../src/shared/api/schemas/notify';
import { BODY_MAX, buildMessage, cleanText, TITLE_MAX } from '../../../../src/core/notify/message';
import { slackEscape, webhookBody } from '../../../../src/core/notify/channels/webhook';
import { channelModule } from '../../../../src/core/notify/channels';

const alert = (over: Partial<NotificationAlert> = {}): NotificationAlert => ({
  id: 1,
  rule_name: 'Battery low',
  severity: 'warning',
  status: 'firing',
  message: 'Battery low: value 21.5 < threshold 24',
  value: 21.5,
  threshold: 24,
  labels: { spacecraft: 'sc-1' },
  ...over,
});

describe('notification text', () => {
  it('says the value and threshold of a single alert', () => {
    const m = buildMessage({ id: 9, purpose: 'firing', alerts: [alert()], at: 0 });
    expect(m).toMatchObject({ notification_id: 9, title: 'WARNING: Battery low', body: 'Battery low: value 21.5 < threshold 24', severity: 'warning', count: 1 });
  });

  it('groups: the worst severity leads, every alert is listed up to ten', () => {
    const alerts = Array.from({ length: 12 }, (_, i) => alert({ id: i, rule_name: `R${i % 2}`, severity: i === 5 ? 'critical' : 'info' }));
    const m = buildMessage({ id: 1, purpose: 'firing', alerts, at: 0 });
    expect(m.title).toBe('CRITICAL: 12 alerts (R0, R1)');
    expect(m.body.split('\n')).toHaveLength(11);
    expect(m.body).toMatch(/… and 2 more$/);
  });

  it('strips control characters, keeps titles on one line, caps without splitting a surrogate pair', () => {
    expect(cleanText('a\u0000b\u001bc\nd', 100, true)).toBe('a b c d');
    expect(cleanText('🚀'.repeat(10), 4)).toBe('🚀🚀🚀…');
    const m = buildMessage({ id: 1, purpose: 'firing', alerts: [alert({ rule_name: 'x'.repeat(5000), message: 'y'.repeat(50_000) })], at: 0 });
    expect(Array.from(m.title).length).toBeLessThanOrEqual(TITLE_MAX);
    expect(Array.from(m.body).length).toBeLessThanOrEqual(BODY_MAX);
    expect(m.alerts[0]?.message.length).toBeLessThanOrEqual(1000);
  });

  it('markup from station data reaches Slack escaped', () => {
    expect(slackEscape('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    const m = buildMessage({ id: 3, purpose: 'firing', alerts: [alert({ rule_name: '<!here>' })], at: 0 });
    expect(webhookBody('slack', m)).toEqual({ text: expect.stringContaining('*WARNING: &lt;!here&gt;*') });
    expect(webhookBody('json', m)).toMatchObject({ notification_id: 3, source: 'observatory', alerts: [{ rule_name: '<!here>' }] });
  });
});

describe('channel configs', () => {
  it('webhook: defaults, and secrets masked in answers', () => {
    const w = channelModule('webhook');
    const cfg = w.parse({ url: 'https://hooks.example.org/x', headers: { Authorization: 'Bearer t' } });
    expect(cfg).toMatchObject({ format: 'json', max_attempts: 6, timeout_ms: 10_000 });
    expect(w.redact(cfg)).toMatchObject({ headers: { Authorization: '••••' } });
    expect(() => w.parse({ url: 'https://x', max_attempts: 0 })).toThrow('config.max_attempts');
    expect(() => w.parse({})).toThrow('config.url: is required');
  });

  it('email: addresses checked one by one', () => {
    const e = channelModule('email');
    expect(() => e.parse({ host: 'h', from: 'a@b.c', to: ['x@y.z', 'nope'] })).toThrow('config.to[1]');
    expect(() => e.parse({ host: 'h', from: 'a@b.c', to: ['x@y.z'], port: 70000 })).toThrow('config.port');
    expect(e.redact(e.parse({ host: 'h', from: 'a@b.c', to: ['x@y.z'], password: 'pw' }))).toMatchObject({ password: '••••' });
  });
});
