import { expect, openConsole, SCREENSHOTS, test } from './fixtures';

test('overview counts by level and by spacecraft', async ({ page, station }) => {
  const lines = [
    ...Array.from({ length: 5 }, (_, i) => ({ level: 'info', message: `nominal ${i}`, spacecraft_id: 'voyager-1' })),
    ...Array.from({ length: 3 }, (_, i) => ({ level: 'error', message: `fault ${i}`, spacecraft_id: 'juno' })),
    { level: 'critical', message: 'safe mode', spacecraft_id: 'juno' },
  ];
  expect((await station.post('/logs', lines)).status).toBe(202);
  await openConsole(page, station.url, '#/overview');
  await expect(page.getByTestId('overview-level-INFO')).toHaveText('5');
  await expect(page.getByTestId('overview-level-ERROR')).toHaveText('3');
  await expect(page.getByTestId('overview-level-CRITICAL')).toHaveText('1');
  await expect(page.getByTestId('overview-spacecraft-row')).toHaveCount(2);
  await expect(page.getByTestId('overview-spacecraft-row').filter({ hasText: 'juno' })).toContainText('4');
  await page.screenshot({ path: `${SCREENSHOTS}/overview.png` });
});

test('a firing alert shows in the banner on every page and is acknowledged from the Alerts page', async ({ page, station }) => {
  const rule = await station.post('/alerts/rules', {
    rule_name: 'Valve faults', kind: 'log_match', condition: 'level>=error valve', operator: '>=', threshold: 1,
    window: '5m', for: '0s', severity: 'critical', is_active: true, notification_channels: ['in_app'],
  });
  expect(rule.status).toBe(201);
  await openConsole(page, station.url, '#/logs');
  await expect(page.getByTestId('alert-banner')).not.toContainText('Valve faults');

  expect((await station.post('/logs', { level: 'critical', message: 'valve 7 stuck open', spacecraft_id: 'voyager-1' })).status).toBe(202);
  await expect(page.getByTestId('alert-banner')).toContainText('Valve faults');
  await page.screenshot({ path: `${SCREENSHOTS}/alert-banner.png` });

  await page.getByTestId('nav-alerts').click();
  const row = page.getByTestId('alerts-row').first();
  await expect(row).toHaveAttribute('data-status', 'firing');
  await row.getByTestId('alert-ack-button').click();
  await page.getByTestId('alert-ack-by').fill('flight director');
  await page.getByTestId('alert-ack-comment').fill('isolating valve 7');
  await page.getByTestId('alert-ack-submit').click();
  await expect(page.getByTestId('alerts-row').first()).toHaveAttribute('data-status', 'acknowledged');
  await page.screenshot({ path: `${SCREENSHOTS}/alerts.png` });

  const active = (await (await fetch(`${station.url}/alerts/active`)).json()) as { items: { status: string; acknowledged_by: string; ack_comment: string }[] };
  expect(active.items[0]).toMatchObject({ status: 'acknowledged', acknowledged_by: 'flight director', ack_comment: 'isolating valve 7' });
});

test('a rule created in the Rules form appears in the list; a bad one shows the server\'s message', async ({ page, station }) => {
  await openConsole(page, station.url, '#/rules');
  await page.getByTestId('rules-name').fill('Battery hot');
  await page.getByTestId('rules-kind').selectOption('metric_threshold');
  await page.getByTestId('rules-condition').fill('max(battery.temp_c)');
  await page.getByTestId('rules-threshold').fill('45');
  await page.getByTestId('rules-submit').click();
  await expect(page.getByTestId('rules-row').filter({ hasText: 'Battery hot' })).toBeVisible();
  await page.getByTestId('rules-name').fill('Broken');
  await page.getByTestId('rules-kind').selectOption('metric_threshold');
  await page.getByTestId('rules-condition').fill('avg(');
  await page.getByTestId('rules-threshold').fill('1');
  await page.getByTestId('rules-submit').click();
  await expect(page.getByTestId('rules-form')).toContainText('condition');
  await page.screenshot({ path: `${SCREENSHOTS}/rules.png` });
});

test('every page renders against a live station (screenshots)', async ({ page, station }) => {
  await station.post('/logs', [
    { level: 'info', message: 'downlink acquired', spacecraft_id: 'voyager-1', service: 'comms' },
    { level: 'warn', message: 'signal margin low', spacecraft_id: 'juno', service: 'comms' },
  ]);
  await station.post('/monitoring/endpoints', { endpoint_url: `${station.url}/healthz`, name: 'station self-check', check_interval: '5s' });
  await openConsole(page, station.url);
  for (const id of ['overview', 'logs', 'metrics', 'alerts', 'rules', 'spacecraft', 'endpoints', 'settings']) {
    await page.getByTestId(`nav-${id}`).click();
    await expect(page).toHaveURL(new RegExp(`#/${id}`));
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/page-${id}.png` });
  }
  await page.getByTestId('nav-spacecraft').click();
  await expect(page.getByTestId('spacecraft-row')).toHaveCount(2);
  await page.getByTestId('nav-endpoints').click();
  await expect(page.getByTestId('endpoints-row')).toContainText('station self-check');
});
