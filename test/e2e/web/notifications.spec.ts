import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, openConsole, SCREENSHOTS, test } from './fixtures';

/** A real webhook receiver in the test process. */
async function webhookReceiver() {
  const bodies: { purpose: string; title: string; alerts: { rule_name: string }[] }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, close: () => server.close() };
}

class NotificationsScreen {
  constructor(private readonly page: Page) {}
  readonly channelRow = (name: string) => this.page.locator(`[data-testid="channel-row"][data-channel="${name}"]`);
  readonly route = (id: string) => this.page.locator(`[data-testid="route-card"][data-route="${id}"]`);

  async addWebhook(name: string, url: string): Promise<void> {
    await this.page.getByTestId('channel-add').click();
    await this.page.getByTestId('channel-name').fill(name);
    await this.page.getByTestId('channel-kind').selectOption('webhook');
    await this.page.getByTestId('channel-url').fill(url);
    await this.page.getByTestId('channel-save').click();
  }
}

test('channels with send test, a routing tree edited in the form, and an alert delivered to banner, alarm, browser and webhook', async ({ page, station, context }) => {
  const hook = await webhookReceiver();
  // Observe (not replace) the browser's Notification constructor, so the test sees what was shown.
  await context.grantPermissions(['notifications']);
  await page.addInitScript(() => {
    // Runs in the page; typed loosely because this file is compiled without the DOM library.
    type Ctor = new (title: string, options?: object) => object;
    const g = globalThis as unknown as { Notification: Ctor; __notified: string[] };
    const Real = g.Notification;
    const seen: string[] = [];
    g.__notified = seen;
    class Observed extends Real {
      constructor(title: string, options?: object) {
        super(title, options);
        seen.push(title);
      }
    }
    Object.defineProperty(globalThis, 'Notification', { value: Observed });
  });
  try {
    await openConsole(page, station.url, '#/notifications');
    const screen = new NotificationsScreen(page);
    await expect(page.getByTestId('channel-row')).toHaveCount(4);

    // A bad URL is refused with the field named; a good one is added and tested for real.
    await screen.addWebhook('ops-hook', 'ftp://nowhere');
    await expect(page.getByTestId('channel-error')).toContainText('config.url');
    await page.getByTestId('channel-url').fill(hook.url);
    await page.getByTestId('channel-save').click();
    await expect(screen.channelRow('ops-hook')).toBeVisible();
    await screen.channelRow('ops-hook').getByTestId('channel-test').click();
    await expect(screen.channelRow('ops-hook').getByTestId('channel-test-result')).toHaveText('Delivered');
    expect(hook.bodies.map((b) => b.purpose)).toEqual(['test']);

    // Route sc-9's alerts to the webhook and the in-app banner + alarm, escalate to Browser after 5 min.
    await screen.route('root').getByTestId('route-add-child').click();
    const child = page.getByTestId('route-card').nth(1);
    await child.getByTestId('route-matchers').fill('spacecraft=sc-9');
    for (const name of ['ops-hook', 'In-app banner', 'Alarm sound', 'Browser']) await child.getByTestId('route-receivers').getByLabel(name).check();
    await child.getByTestId('route-add-tier').click();
    await child.getByTestId('route-tier').getByLabel('Desktop').check();
    await page.getByTestId('routing-save').click();
    await expect(page.getByTestId('routing-saved')).toBeVisible();
    const routing = (await (await fetch(`${station.url}/notifications/routing`)).json()) as { routes: { parent: string | null; matchers: unknown[]; receivers: string[]; escalation: unknown[] }[] };
    expect(routing.routes[1]).toMatchObject({
      parent: 'root',
      matchers: [{ name: 'spacecraft', op: '=', value: 'sc-9' }],
      receivers: ['ops-hook', 'In-app banner', 'Alarm sound', 'Browser'],
      escalation: [{ after: '5m', receivers: ['Desktop'] }],
    });
    await page.getByTestId('routing-panel').screenshot({ path: `${SCREENSHOTS}/notifications-routing.png` });

    // An alert on sc-9 fires from ingested lines: every routed channel delivers.
    expect((await station.post('/alerts/rules', { rule_name: 'Reaction wheel <fault>', kind: 'log_match', condition: 'wheel', threshold: 1, operator: '>=', severity: 'critical', labels: { spacecraft: 'sc-9' } })).status).toBe(201);
    expect((await station.post('/logs', { level: 'error', message: 'wheel 3 stalled', spacecraft_id: 'sc-9' })).status).toBe(202);
    const banner = page.getByTestId('notify-banner');
    await expect(banner).toContainText('CRITICAL: Reaction wheel <fault>');
    await expect(page.locator('html')).toHaveAttribute('data-last-alarm', 'critical');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __notified: string[] }).__notified)).toEqual(['CRITICAL: Reaction wheel <fault>']);
    await expect.poll(() => hook.bodies.filter((b) => b.purpose === 'firing').map((b) => b.alerts[0]?.rule_name)).toEqual(['Reaction wheel <fault>']);
    await expect(page.locator('[data-testid="delivery-row"][data-purpose="firing"][data-status="sent"]')).toHaveCount(4);
    await expect(page.locator('[data-testid="delivery-row"][data-purpose="escalation"][data-status="pending"]')).toHaveCount(1);
    await page.screenshot({ path: `${SCREENSHOTS}/notifications-delivered.png` });
    await page.getByTestId('channels-panel').screenshot({ path: `${SCREENSHOTS}/notifications-channels.png` });
    await page.getByTestId('delivery-log').screenshot({ path: `${SCREENSHOTS}/notifications-delivery-log.png` });

    // Muting the alarm is remembered in this console; the next alarm is recorded as muted.
    await page.getByTestId('alarm-mute').click();
    await expect(page.getByTestId('alarm-mute')).toHaveText('Alarm muted — unmute');
    await page.reload();
    await expect(page.getByTestId('alarm-mute')).toHaveText('Alarm muted — unmute');
    // The banner is the in-app channel: it is gone after a reload, the alert is not.
    await expect(page.getByTestId('notify-banner')).toHaveCount(0);
  } finally {
    hook.close();
  }
});
