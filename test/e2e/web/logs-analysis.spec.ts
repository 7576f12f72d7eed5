import type { Page } from '@playwright/test';
import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

/** Locators of the Logs page's analysis tools (histogram, facets, context, saved searches). */
class LogsAnalysis {
  constructor(private readonly page: Page) {}
  readonly histogram = () => this.page.getByTestId('logs-histogram');
  readonly facet = (field: string, value: string) => this.page.getByTestId(`logs-facet-${field}-${value}`);
  /** The table is virtualised: count matches from the status line, not rows in the DOM. */
  readonly count = () => this.page.getByTestId('logs-count');
  /** The global time picker in the page header: a brushed window shows there as paused (fixed). */
  readonly picker = () => this.page.getByTestId('time-picker');
  readonly savedItem = (name: string) => this.page.locator(`[data-testid="logs-saved-item"][data-name="${name}"]`);

  /** Drag across the middle of the histogram's plot, as an operator zooming in would. */
  async brushMiddle(): Promise<void> {
    const box = await this.histogram().boundingBox();
    if (!box) throw new Error('histogram not laid out');
    const y = box.y + box.height * 0.6;
    await this.page.mouse.move(box.x + box.width * 0.35, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * 0.55, y, { steps: 8 });
    await this.page.mouse.move(box.x + box.width * 0.75, y, { steps: 8 });
    await this.page.mouse.up();
  }
}

const MIN = 60_000;

test('histogram zooms by brushing, facets narrow the search, export links carry the query', async ({ page, station }) => {
  const now = Date.now();
  // 60 lines over the last hour: two services, two spacecraft, two ground stations.
  const lines = Array.from({ length: 60 }, (_, i) => ({
    timestamp: now - i * MIN - 30_000,
    level: ['info', 'info', 'warning', 'error', 'critical'][i % 5],
    service: i % 2 ? 'power' : 'nav',
    spacecraft_id: i % 3 ? 'voyager-1' : 'juno',
    source: i % 5 < 2 ? 'gs-canberra' : 'gs-madrid',
    message: `frame ${i} telemetry`,
  }));
  expect((await station.post('/logs', lines)).status).toBe(202);

  await openConsole(page, station.url, '#/logs?range=1h');
  const logs = new LogsPage(page);
  const analysis = new LogsAnalysis(page);
  await expect(analysis.count()).toHaveAttribute('data-count', '60');
  await expect(analysis.histogram().locator('canvas')).toBeVisible();
  await expect(page.locator('.logs-histogram')).toHaveAttribute('data-total', '60');
  await expect(analysis.facet('service', 'power')).toHaveAttribute('data-count', '30');
  await page.screenshot({ path: `${SCREENSHOTS}/logs-histogram-facets.png` });

  // Brushing a slice of the chart sets the global range to a fixed window and re-runs the search.
  await analysis.brushMiddle();
  await expect(analysis.picker()).toHaveAttribute('data-live', 'false');
  await expect(page).toHaveURL(/time=\d+_\d+/);
  await expect(page.getByTestId('time-preset')).toHaveValue('custom');
  const countNow = async () => Number(await analysis.count().getAttribute('data-count'));
  await expect.poll(countNow).toBeLessThan(60);
  const zoomed = await countNow();
  expect(zoomed).toBeGreaterThan(0);
  await expect(page.locator('.logs-histogram')).toHaveAttribute('data-total', String(zoomed));
  await page.screenshot({ path: `${SCREENSHOTS}/logs-histogram-zoomed.png` });

  // Live again: back to the preset, the window rolling.
  await page.getByTestId('time-live').click();
  await expect(analysis.picker()).toHaveAttribute('data-live', 'true');
  await expect(page).toHaveURL(/time=1h/);
  await expect(analysis.count()).toHaveAttribute('data-count', '60');
  // A preset picked in the global picker narrows the search (a line a minute: about 15).
  await page.getByTestId('time-preset').selectOption('15m');
  await expect(page).toHaveURL(/time=15m/);
  await expect.poll(countNow).toBeLessThan(17);
  expect(await countNow()).toBeGreaterThan(13);
  await page.getByTestId('time-preset').selectOption('1h');
  await expect(analysis.count()).toHaveAttribute('data-count', '60');

  // Facets: service and spacecraft go into the filters, a source into the query text.
  await analysis.facet('service', 'power').click();
  await expect(page.getByTestId('logs-service')).toHaveValue('power');
  await expect(analysis.count()).toHaveAttribute('data-count', '30');
  await analysis.facet('spacecraft_id', 'juno').click();
  await expect(page.getByTestId('logs-spacecraft')).toHaveValue('juno');
  await expect(logs.rows()).toHaveCount(10);
  await analysis.facet('source', 'gs-canberra').click();
  await expect(logs.query()).toHaveValue('host:gs-canberra');
  const expected = lines.filter((l, i) => i % 2 && i % 3 === 0 && l.source === 'gs-canberra').length;
  await expect(logs.rows()).toHaveCount(expected);
  await expect(analysis.facet('level', 'ERROR').or(analysis.facet('level', 'INFO')).first()).toBeVisible();

  // Export links stream the same lines.
  const csv = page.getByTestId('logs-export-csv');
  const href = await csv.getAttribute('href');
  expect(href).toMatch(/^\/logs\/export\?format=csv&/);
  expect(href).toContain('service=power');
  const res = await page.request.get(`${station.url}${href}`);
  expect(res.status()).toBe(200);
  expect((await res.text()).trim().split('\n')).toHaveLength(expected + 1);
  await expect(page.getByTestId('logs-export-ndjson')).toHaveAttribute('href', /format=ndjson/);
  await page.screenshot({ path: `${SCREENSHOTS}/logs-facets-applied.png` });

  // The range is shared: picked on another page, it is the Logs page's when coming back (filters kept).
  await page.getByTestId('nav-metrics').click();
  await page.getByTestId('time-preset').selectOption('6h');
  await logs.open();
  await expect(page.getByTestId('time-preset')).toHaveValue('6h');
  await expect(page).toHaveURL(/time=6h/);
  await expect(page.getByTestId('logs-service')).toHaveValue('power');
  await expect(logs.rows()).toHaveCount(expected);
});

test('context around a line, request correlation, saved searches, query help and hints', async ({ page, station }) => {
  const now = Date.now();
  const lines = [
    ...Array.from({ length: 30 }, (_, i) => ({
      timestamp: now - (30 - i) * 1000,
      level: 'info',
      service: 'nav',
      spacecraft_id: 'voyager-1',
      message: `nav step ${i}`,
      ...(i === 15 ? { request_id: 'req-42', level: 'error', message: 'nav step 15 star tracker lost lock' } : {}),
    })),
    { timestamp: now - 14_500, level: 'info', service: 'power', spacecraft_id: 'voyager-1', message: 'power note', request_id: 'req-42' },
    { timestamp: now - 14_400, level: 'warning', service: 'comms', spacecraft_id: 'juno', message: 'comms note', request_id: 'req-42' },
  ];
  expect((await station.post('/logs', lines)).status).toBe(202);
  await openConsole(page, station.url, '#/logs');
  const logs = new LogsPage(page);
  const analysis = new LogsAnalysis(page);

  await logs.search('"star tracker"');
  await expect(logs.rows()).toHaveCount(1);
  await logs.rows().first().click();
  await page.getByTestId('logs-context-button').click();
  const context = page.getByTestId('logs-context');
  await expect(context.getByTestId('logs-context-line')).toHaveCount(21);
  await expect(context.locator('[data-anchor="true"]')).toContainText('star tracker lost lock');
  // Same service and spacecraft only: the power and comms lines are not context.
  await expect(context).not.toContainText('power note');
  await page.screenshot({ path: `${SCREENSHOTS}/logs-context.png` });

  // The request id links to every line carrying it, whatever the service.
  await page.getByTestId('logs-correlate').filter({ hasText: 'req-42' }).click();
  await expect(logs.query()).toHaveValue('request_id:req-42');
  await expect(logs.rows()).toHaveCount(3);

  // Save, change, restore, delete.
  await page.getByTestId('logs-save-name').fill('req 42 trail');
  await page.getByTestId('logs-save-button').click();
  await expect(analysis.savedItem('req 42 trail')).toBeVisible();
  await logs.search('power');
  await expect(logs.rows()).toHaveCount(1);
  await analysis.savedItem('req 42 trail').getByTestId('logs-saved-restore').click();
  await expect(logs.query()).toHaveValue('request_id:req-42');
  await expect(page.getByTestId('logs-all-time')).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/range=all/);
  await expect(logs.rows()).toHaveCount(3);
  await page.screenshot({ path: `${SCREENSHOTS}/logs-saved.png` });
  await page.reload();
  await expect(analysis.savedItem('req 42 trail')).toBeVisible();
  await analysis.savedItem('req 42 trail').getByTestId('logs-saved-delete').click();
  await expect(analysis.savedItem('req 42 trail')).toHaveCount(0);
  // All time off: back to the picker's range (the trail is recent, so the same three lines).
  await page.getByTestId('logs-all-time').click();
  await expect(page.getByTestId('logs-all-time')).toHaveAttribute('aria-pressed', 'false');
  await expect(page).toHaveURL(/time=1h/);
  await expect(logs.rows()).toHaveCount(3);

  // Query help, and the parser's verdict under the query bar.
  await page.getByTestId('logs-query-help').locator('summary').click();
  await expect(page.getByTestId('logs-query-help')).toContainText('meta.duration_ms>250');
  await page.screenshot({ path: `${SCREENSHOTS}/logs-query-help.png` });
  await page.getByTestId('logs-query-help').getByRole('button', { name: 'level>=warn' }).click();
  await expect(logs.query()).toHaveValue('level>=warn');
  await page.getByTestId('logs-query-help').locator('summary').click();
  await logs.search('(nav OR');
  await expect(page.getByTestId('logs-query-hint').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/logs-query-hint.png` });
});
