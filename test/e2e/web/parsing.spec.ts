import type { Page } from '@playwright/test';
import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

/** Locators of the Parsing page (extraction rules and their tester). */
class ParsingPage {
  constructor(private readonly page: Page) {}
  readonly name = () => this.page.getByTestId('parsing-name');
  readonly service = () => this.page.getByTestId('parsing-service');
  readonly kind = () => this.page.getByTestId('parsing-kind');
  readonly pattern = () => this.page.getByTestId('parsing-pattern');
  readonly samples = () => this.page.getByTestId('parsing-samples');
  readonly results = () => this.page.getByTestId('parsing-result');
  readonly patternError = () => this.page.getByTestId('parsing-pattern-error');
  readonly rows = () => this.page.getByTestId('parsing-rule-row');

  async open(): Promise<void> {
    await this.page.getByTestId('nav-parsing').click();
    await expect(this.page.getByTestId('parsing-page')).toBeVisible();
  }
}

test('a rule is tested live against recent lines of its service, saved, and fills fields of new lines', async ({ page, station }) => {
  const now = Date.now();
  const recent = [
    'ERROR pass 41 to gs-canberra snr=3.5 took 312ms',
    'INFO pass 42 to gs-madrid snr=12.25 took 120ms',
    'link budget recomputed',
  ];
  expect((await station.post('/logs', recent.map((message, i) => ({ timestamp: now - (i + 1) * 1000, service: 'comms', message })))).status).toBe(202);
  expect((await station.post('/logs', [{ timestamp: now, service: 'nav', message: 'wheel 3 rpm 1200' }])).status).toBe(202);

  await openConsole(page, station.url);
  const parsing = new ParsingPage(page);
  await parsing.open();
  await expect(page.getByTestId('parsing-empty')).toBeVisible();

  // The sample box fills with recent lines of the service the rule reads, and follows the service.
  await expect(parsing.samples()).toHaveValue(/wheel 3 rpm 1200/); // every service while the rule reads *
  await parsing.name().fill('downlink passes');
  await parsing.service().fill('comms');
  await expect(parsing.samples()).toHaveValue(recent.join('\n'));

  // A typo in the pattern: an inline error pointing at the position, no results.
  await parsing.kind().selectOption('grok');
  await parsing.pattern().fill('^%{LOGLEVEL:level} pass %{INTEGER:pass:int}');
  await expect(parsing.patternError()).toContainText('unknown grok pattern %{INTEGER}');
  await expect(parsing.patternError()).toContainText('at position 24');
  await expect(page.getByTestId('parsing-pattern-pointer').locator('mark')).toHaveText('%');
  await page.getByTestId('parsing-editor').screenshot({ path: `${SCREENSHOTS}/parsing-error.png` });

  // Fixed: each sample line shows whether it matched and what it extracted, highlighted in place.
  await parsing.pattern().fill('^%{LOGLEVEL:level} pass %{INT:pass:int} to %{HOSTNAME:station} snr=%{NUMBER:snr_db:float} took %{INT:duration_ms:int}ms');
  await expect(parsing.patternError()).toHaveCount(0);
  await expect(page.getByTestId('parsing-summary')).toHaveText('2 of 3 lines match');
  const first = parsing.results().nth(0);
  await expect(first).toHaveAttribute('data-state', 'match');
  await expect(first.locator('mark[data-field="station"]')).toHaveText('gs-canberra');
  await expect(first.locator('[data-testid="parsing-field"][data-field="duration_ms"]')).toHaveText('meta.duration_ms = 312');
  await expect(first.locator('[data-testid="parsing-field"][data-field="station"]')).toHaveText('meta.station = "gs-canberra"');
  await expect(first).toContainText('level → ERROR');
  await expect(parsing.results().nth(2)).toHaveAttribute('data-state', 'miss');
  await page.screenshot({ path: `${SCREENSHOTS}/parsing.png`, fullPage: true });

  await page.getByTestId('parsing-save').click();
  await expect(page.getByTestId('parsing-saved')).toContainText('downlink passes');
  await expect(parsing.rows()).toHaveCount(1);
  await expect(parsing.rows().first()).toContainText('comms');

  // Lines arriving from now on get the fields: the Logs page finds them by meta.duration_ms.
  expect((await station.post('/logs', [{ service: 'comms', message: 'WARN pass 43 to gs-goldstone snr=1.5 took 999ms' }])).status).toBe(202);
  const logs = new LogsPage(page);
  await logs.open();
  await logs.search('meta.duration_ms>500');
  await expect(logs.rows()).toHaveCount(1);
  await expect(logs.rows().first()).toContainText('pass 43');

  // Back on Parsing: the rule counts its match; deleting it empties the list.
  await parsing.open();
  await parsing.rows().first().click();
  await expect(parsing.name()).toHaveValue('downlink passes');
  await expect(parsing.rows().first()).toContainText('1');
  await page.getByTestId('parsing-delete').click();
  await expect(page.getByTestId('parsing-empty')).toBeVisible();
});
