/**
 * Endpoints screen against a spawned station and a real local HTTP target: add with an
 * assertion, watch it go up then down when the target changes, open the detail (uptime, checks,
 * state changes), edit, pause, delete.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, openConsole, SCREENSHOTS, test } from './fixtures';

let target: Server;
let targetUrl: string;
let healthy = true;

test.beforeAll(async () => {
  target = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: healthy ? 'nominal' : 'safe-mode' }));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
});
test.afterAll(() => {
  target.closeAllConnections();
  target.close();
});

test('add, watch up and down, detail, edit, pause, delete (screenshots)', async ({ page, station }) => {
  await openConsole(page, station.url, '#/endpoints');
  await page.getByTestId('endpoints-url').fill(targetUrl);
  await page.getByTestId('endpoints-name').fill('Goldstone health');
  await page.getByTestId('endpoints-spacecraft').fill('voyager-1');
  await page.getByTestId('endpoints-interval').fill('1s');
  await page.getByTestId('endpoints-json-path').fill('$.status');
  await page.getByTestId('endpoints-json-expected').fill('nominal');
  await page.getByTestId('endpoints-submit').click();
  await expect(page.getByTestId('endpoints-created')).toContainText('Monitoring Goldstone health.');

  const row = page.getByTestId('endpoints-row').filter({ hasText: 'Goldstone health' });
  // endpoint.state events refresh the list: no reload needed.
  await expect(row).toHaveAttribute('data-status', 'up', { timeout: 10_000 });

  // A bad setting is refused with the station's message naming the field.
  await page.getByTestId('endpoints-url').fill('tcp://127.0.0.1:1');
  await page.getByTestId('endpoints-kind').selectOption('http');
  await page.getByTestId('endpoints-submit').click();
  await expect(page.getByTestId('endpoints-error')).toContainText('endpoint_url');

  healthy = false;
  await expect(row).toHaveAttribute('data-status', 'down', { timeout: 10_000 });
  await expect(row).toContainText('$.status is safe-mode, expected nominal');
  healthy = true;
  await expect(row).toHaveAttribute('data-status', 'up', { timeout: 10_000 });

  await row.getByTestId('endpoints-details').click();
  const detail = page.getByTestId('endpoint-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('endpoint-uptime-24h')).toContainText('%');
  await expect(page.getByTestId('endpoint-state-changes').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('endpoint-checks').locator('.tone-down').first()).toBeAttached();
  await page.screenshot({ path: `${SCREENSHOTS}/endpoints-detail.png`, fullPage: true });

  await row.getByTestId('endpoints-edit').click();
  const edit = page.getByTestId('endpoints-edit-form');
  await expect(edit.getByTestId('endpoints-json-expected')).toHaveValue('nominal');
  await edit.getByTestId('endpoints-name').fill('Goldstone DSS-14');
  await edit.getByTestId('endpoints-retries').fill('3');
  await edit.getByTestId('endpoints-submit').click();
  await expect(edit).toHaveCount(0);
  const renamed = page.getByTestId('endpoints-row').filter({ hasText: 'Goldstone DSS-14' });
  await expect(renamed).toBeVisible();

  await renamed.getByTestId('endpoints-pause').click();
  await expect(renamed).toHaveAttribute('data-status', 'paused');
  await expect(renamed.getByTestId('endpoints-pause')).toHaveText('Resume');
  await page.screenshot({ path: `${SCREENSHOTS}/endpoints-paused.png`, fullPage: true });

  await renamed.getByTestId('endpoints-delete').click();
  await renamed.getByTestId('endpoints-delete-confirm').click();
  await expect(page.getByTestId('endpoints-row')).toHaveCount(0);
  await expect(page.getByTestId('endpoint-detail')).toHaveCount(0);
  const list = (await (await fetch(`${station.url}/monitoring/endpoints`)).json()) as { items: unknown[] };
  expect(list.items).toEqual([]);
});
