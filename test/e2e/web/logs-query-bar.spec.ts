/** The query bar's highlighting and autocomplete, and the Logs screen's keyboard navigation. */
import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

test('query bar: highlighted syntax, station hints on the faulty term, autocomplete of fields and values', async ({ page, station }) => {
  const now = Date.now();
  const lines = ['navigation', 'power', 'propulsion', 'comms'].flatMap((service, s) =>
    Array.from({ length: 3 }, (_, i) => ({ timestamp: now - (s * 3 + i) * 1000, level: i ? 'info' : 'error', service, spacecraft_id: 'voyager-1', source: 'gs-madrid', message: `${service} check ${i}`, metadata: { pass: i, bus: { volts: 28 } } })),
  );
  expect((await station.post('/logs', lines)).status).toBe(202);
  await openConsole(page, station.url, '#/logs');
  const logs = new LogsPage(page);
  await expect(logs.rows()).toHaveCount(12);

  // Highlighting follows the station's tokenizer; the overlay holds exactly the typed text.
  const q = 'level>=warn -"check 2" (therm* OR colour:red)';
  await logs.query().fill(q);
  const hl = page.getByTestId('logs-query-highlight');
  await expect(hl).toHaveText(`${q}\u200b`);
  await expect(hl.locator('[data-kind="field"]').first()).toHaveText('level');
  await expect(hl.locator('[data-kind="compare"]').first()).toHaveText('>=');
  await expect(hl.locator('[data-kind="operator"]')).toHaveText(['-', 'OR']);
  await expect(hl.locator('[data-kind="phrase"]')).toHaveText('"check 2"');
  await expect(hl.locator('[data-kind="wildcard"]')).toHaveText('*');
  await expect(hl.locator('[data-kind="paren"]')).toHaveText(['(', ')']);
  await expect(hl.locator('[data-kind="unknown-field"]')).toHaveText('colour');
  // After the search the station's hint marks the term it is about, with its message.
  await page.getByTestId('logs-search-button').click();
  await expect(page.getByTestId('logs-query-hint')).toContainText('colour');
  const invalid = hl.locator('.qt--invalid');
  await expect(invalid.first()).toHaveText('colour');
  await expect(invalid.first()).toHaveAttribute('title', /not a field/);
  await page.screenshot({ path: `${SCREENSHOTS}/logs-query-highlight.png` });

  // The coloured copy lines up with the typed text: same width, and it scrolls with a long query.
  await logs.query().fill(`${q} ${'spacecraft:voyager-1 '.repeat(6)}end`);
  await logs.query().press('End');
  const fit = await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="logs-query"]')!;
    const overlay = document.querySelector<HTMLElement>('[data-testid="logs-query-highlight"]')!;
    return { input: input.scrollWidth, overlay: overlay.scrollWidth, inputLeft: input.scrollLeft, overlayLeft: overlay.scrollLeft };
  });
  expect(fit.inputLeft).toBeGreaterThan(0);
  expect(Math.abs(fit.overlay - fit.input)).toBeLessThanOrEqual(12); // the trailing zero-width space and padding
  expect(Math.abs(fit.overlayLeft - fit.inputLeft)).toBeLessThanOrEqual(1);
  await logs.query().evaluate((el: HTMLInputElement) => el.setSelectionRange(el.value.length - 25, el.value.length - 4));
  await logs.query().screenshot({ path: `${SCREENSHOTS}/logs-query-scrolled.png` });

  // Field names: typing "se" offers service:, Tab takes it.
  await logs.query().fill('');
  await logs.query().pressSequentially('se');
  const list = page.getByTestId('logs-query-suggestions');
  await expect(list).toBeVisible();
  await expect(logs.query()).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('logs-query-suggestion').first()).toContainText('service:');
  await page.keyboard.press('Tab');
  await expect(logs.query()).toHaveValue('service:');
  // Values come from the station: "service:p" offers power and propulsion; ↓ then Enter picks the second.
  await logs.query().pressSequentially('p');
  await expect(page.getByTestId('logs-query-suggestion')).toHaveText(['power', 'propulsion']);
  await page.screenshot({ path: `${SCREENSHOTS}/logs-query-autocomplete.png` });
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('logs-query-suggestion').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(logs.query()).toHaveValue('service:propulsion ');
  await expect(list).toBeHidden();
  // With the list closed, Enter searches.
  await page.keyboard.press('Enter');
  await expect(logs.rows()).toHaveCount(3);
  // Metadata paths seen in the results are offered too; Esc closes the list without leaving the box.
  await logs.query().press('End');
  await logs.query().pressSequentially(' meta.b');
  await expect(page.getByTestId('logs-query-suggestion')).toHaveText([/meta\.bus\.volts:/]);
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(logs.query()).toBeFocused();
});

test('keyboard: / focuses the query, j/k and arrows move, Enter/→ expand, ← collapses, c copies, ? shows the shortcuts', async ({ page, station, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const now = Date.now();
  const lines = Array.from({ length: 300 }, (_, i) => ({ timestamp: now - i * 1000, level: 'info', service: 'nav', message: `frame ${i}` }));
  expect((await station.post('/logs', lines)).status).toBe(202);
  await openConsole(page, station.url, '#/logs');
  const logs = new LogsPage(page);
  await expect(page.getByTestId('logs-count')).toContainText('100');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(logs.query()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(logs.query()).not.toBeFocused();

  const selected = page.locator('[data-testid="logs-row"][data-selected="true"]');
  await page.keyboard.press('j');
  await expect(selected).toContainText('frame 0');
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  await expect(selected).toContainText('frame 2');
  await page.keyboard.press('k');
  await expect(selected).toContainText('frame 1');
  await page.keyboard.press('ArrowRight');
  await expect(selected).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('logs-details')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/logs-keyboard.png` });
  await page.keyboard.press('ArrowLeft');
  await expect(selected).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(selected).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('c');
  await expect(page.getByTestId('logs-key-notice')).toContainText('Copied the line as JSON');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { message: string };
  expect(copied.message).toBe('frame 1');

  // Far down the virtualised list: the selection scrolls into view.
  for (let i = 0; i < 60; i++) await page.keyboard.press('j');
  await expect(selected).toContainText('frame 61');
  await expect(selected).toBeInViewport();

  await page.keyboard.press('?');
  await expect(page.getByTestId('logs-shortcuts')).toBeVisible();
  await expect(page.getByTestId('logs-shortcuts')).toContainText('copy the line as JSON');
  await page.screenshot({ path: `${SCREENSHOTS}/logs-shortcuts.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('logs-shortcuts')).toBeHidden();
});
