import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

test('lines posted over HTTP are found on the Logs screen', async ({ page, station }) => {
  const now = Date.now();
  const lines = [
    { timestamp: now - 4000, level: 'info', service: 'propulsion', spacecraft_id: 'voyager-1', message: 'thruster 3 pressure nominal' },
    { timestamp: now - 3000, level: 'warning', service: 'propulsion', spacecraft_id: 'voyager-1', message: 'thruster 3 pressure dropping', request_id: 'req-77' },
    { timestamp: now - 2000, level: 'error', service: 'power', spacecraft_id: 'juno', message: 'battery 2 undervoltage', metadata: { bus: 'B', volts: 24.1 } },
    { timestamp: now - 1000, level: 'critical', service: 'propulsion', spacecraft_id: 'voyager-1', message: 'thruster 3 valve stuck open' },
  ];
  const res = await station.post('/logs', lines);
  expect(res.status).toBe(202);

  await openConsole(page, station.url);
  const logs = new LogsPage(page);
  await logs.open();
  await expect(logs.rows()).toHaveCount(4);

  await logs.search('thruster');
  await expect(logs.rows()).toHaveCount(3);
  await expect(logs.rows().first()).toContainText('thruster 3 valve stuck open');
  await expect(logs.rows().first()).toHaveAttribute('data-level', 'CRITICAL');

  await logs.minLevel('WARN');
  await expect(logs.rows()).toHaveCount(2);
  await expect(logs.rows().nth(1)).toContainText('thruster 3 pressure dropping');
  await page.screenshot({ path: `${SCREENSHOTS}/logs-search.png` });

  // Clearing the query and filtering by spacecraft finds the power line; expanding it shows metadata.
  await logs.minLevel('');
  await logs.search('');
  await page.getByTestId('logs-spacecraft').selectOption('juno');
  await expect(logs.rows()).toHaveCount(1);
  await logs.rows().first().click();
  await expect(page.getByTestId('logs-details')).toContainText('24.1');
  await page.screenshot({ path: `${SCREENSHOTS}/logs-details.png` });

  // The search is in the URL: reloading restores it.
  await page.reload();
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(logs.rows()).toHaveCount(1);
});

test('when the station goes away, the Logs screen says so inline instead of breaking', async ({ page, station }) => {
  await openConsole(page, station.url, '#/logs');
  station.child.kill('SIGTERM');
  await station.exited;
  await new LogsPage(page).search('anything');
  await expect(new LogsPage(page).error()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/logs-error.png` });
});

test('load more pages through results with the cursor', async ({ page, station }) => {
  const now = Date.now();
  const lines = Array.from({ length: 250 }, (_, i) => ({ timestamp: now - i * 10, message: `telemetry frame ${i}`, spacecraft_id: 'sc-9' }));
  expect((await station.post('/logs', lines)).status).toBe(202);
  await openConsole(page, station.url, '#/logs');
  await expect(page.getByTestId('logs-count')).toContainText('100');
  await page.getByTestId('logs-load-more').click();
  await expect(page.getByTestId('logs-count')).toContainText('200');
});
