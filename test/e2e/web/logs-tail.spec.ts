import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

test('tail streams matching lines to the top of the Logs screen; pause holds them, resume shows them', async ({ page, station }) => {
  expect((await station.post('/logs', [{ message: 'older line, found by the search', service: 'nav' }])).status).toBe(202);
  await openConsole(page, station.url, '#/logs');
  const logs = new LogsPage(page);
  await expect(logs.rows()).toHaveCount(1);

  await page.getByTestId('logs-tail-toggle').click();
  await expect(page.getByTestId('logs-tail-toggle')).toHaveAttribute('aria-pressed', 'true');
  // Lines count from the moment the station accepted the stream.
  await expect(page.locator('[data-tail-status="open"]')).toBeVisible();

  expect((await station.post('/logs', [
    { message: 'tail line one', service: 'nav', level: 'warn' },
    { message: 'tail line two', service: 'nav', level: 'error' },
  ])).status).toBe(202);
  await expect(logs.rows()).toHaveCount(3);
  await expect(logs.rows().first()).toContainText('tail line two');
  await expect(logs.rows().nth(1)).toContainText('tail line one');
  await expect(page.getByTestId('logs-tail-rate')).toContainText(/[1-9][\d.]* lines\/s/);
  await page.screenshot({ path: `${SCREENSHOTS}/logs-tail.png` });

  await page.getByTestId('logs-tail-pause').click();
  expect((await station.post('/logs', [{ message: 'while paused', service: 'nav' }])).status).toBe(202);
  // The line reached the console (held), but the table stays still.
  await expect(page.getByTestId('logs-tail-pause')).toContainText('Resume (1 held)');
  await expect(logs.rows()).toHaveCount(3);
  await expect(page.getByText('while paused')).toHaveCount(0);

  await page.getByTestId('logs-tail-pause').click();
  await expect(logs.rows()).toHaveCount(4);
  await expect(logs.rows().first()).toContainText('while paused');
});

test('a flood is sampled and says so', async ({ page, station }) => {
  await openConsole(page, station.url, '#/logs');
  await page.getByTestId('logs-tail-toggle').click();
  await expect(page.locator('[data-tail-status="open"]')).toBeVisible();
  const flood = Array.from({ length: 1200 }, (_, i) => ({ message: `flood ${i}`, service: 'radio' }));
  expect((await station.post('/logs', flood)).status).toBe(202);
  await expect(page.getByTestId('logs-tail-sampled')).toContainText('showing a sample: 700 lines skipped');
  await expect(new LogsPage(page).rows().first()).toContainText('flood 1199');
});
