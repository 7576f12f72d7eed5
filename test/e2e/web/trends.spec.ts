import { expect, openConsole, SCREENSHOTS, test } from './fixtures';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

test('overview trends: per day and per week, this period against the previous one, a typed query, a refused one', async ({ page, station }) => {
  const now = Date.now();
  const today = Math.floor(now / DAY) * DAY;
  const samples: { name: string; value: number; labels: Record<string, string>; timestamp: number }[] = [];
  // Two weeks and a bit of battery temperature: juno a degree warmer each day, voyager-1 flat.
  for (let t = today - 16 * DAY + 5 * MIN; t <= now - 2 * MIN; t += 15 * MIN) {
    const day = Math.floor((t - today) / DAY);
    samples.push({ name: 'thermal.battery_temp_c', value: 20 + day + ((t / (15 * MIN)) % 5), labels: { spacecraft: 'juno' }, timestamp: t });
    samples.push({ name: 'thermal.battery_temp_c', value: 31, labels: { spacecraft: 'voyager-1' }, timestamp: t });
  }
  for (let i = 0; i < samples.length; i += 2000) expect((await station.post('/metrics', samples.slice(i, i + 2000))).status).toBe(202);
  // Errors: juno 4 yesterday, voyager-1 2 yesterday.
  const errors = [
    ...Array.from({ length: 4 }, (_, j) => ({ level: 'error', message: `wheel ${j}`, spacecraft_id: 'juno', timestamp: today - DAY + HOUR + j * MIN })),
    ...Array.from({ length: 2 }, (_, j) => ({ level: 'critical', message: `bus ${j}`, spacecraft_id: 'voyager-1', timestamp: today - DAY + 2 * HOUR + j * MIN })),
  ];
  expect((await station.post('/logs', errors)).status).toBe(202);

  await openConsole(page, station.url, '#/overview');
  const panel = page.getByTestId('trends-panel');
  await expect(panel).toHaveAttribute('data-period', 'day');
  const item = (id: string) => panel.locator(`[data-testid="trends-item"][data-id="${id}"]`);
  await expect(item('ingest_rate')).toBeVisible();
  await expect(item('telemetry_p95')).toHaveAttribute('data-resolution', '1d');
  await expect(item('telemetry_p95').getByTestId('trends-chart')).toBeVisible();
  const juno = item('telemetry_p95').locator('[data-testid="trends-row"][data-name="{spacecraft=\\"juno\\"}"]');
  // Yesterday's p95 of juno: 19 + (⅓, 1⅓ … 4⅓) → the top of that spread, 23.33 (the sketch is within 1 %).
  await expect.poll(async () => Number(await juno.getAttribute('data-previous'))).toBeGreaterThan(23.0);
  expect(Number(await juno.getAttribute('data-previous'))).toBeLessThan(23.6);
  const errRow = item('errors_by_spacecraft').locator('[data-testid="trends-row"][data-name="{spacecraft=\\"juno\\"}"]');
  await expect(errRow).toHaveAttribute('data-previous', String(Math.round((4 / 24) * 1000) / 1000));
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/overview-trends-day.png`, fullPage: true });

  // Per week: three periods' worth at least, the current week last.
  await page.getByTestId('trends-period').selectOption('week');
  await expect(panel).toHaveAttribute('data-period', 'week');
  await expect(item('telemetry_p95').locator('[data-testid="trends-row"]')).toHaveCount(2);

  // A typed query replaces the default set; the station's refusal names the position.
  await page.getByTestId('trends-query').fill('avg by (spacecraft) (avg_over_time(thermal.battery_temp_c[$period]))');
  await page.getByTestId('trends-apply').click();
  await expect(panel.getByTestId('trends-item')).toHaveCount(1);
  await expect(panel.locator('[data-testid="trends-row"][data-name="{spacecraft=\\"voyager-1\\"}"]')).toHaveAttribute('data-current', '31');
  await page.screenshot({ path: `${SCREENSHOTS}/overview-trends-query.png`, fullPage: true });
  await page.getByTestId('trends-query').fill('avg_over_time(thermal.battery_temp_c[$period]');
  await page.getByTestId('trends-apply').click();
  await expect(page.getByTestId('trends-error')).toContainText('position 46');
  await page.getByTestId('trends-defaults').click();
  await expect(panel.getByTestId('trends-item')).toHaveCount(3);
  await expect(page.getByTestId('trends-error')).toHaveCount(0);
});
