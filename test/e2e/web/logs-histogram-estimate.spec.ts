import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { spawnStation } from '../../support/station-process';
import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

/**
 * A histogram the station estimates from a sample says so on the Logs screen ("≈", "estimated
 * from 1 in 16 lines"), and "count exactly" replaces it with the exact count. Its own station:
 * `--histogram-exact 0ms` estimates anything over the first ~1 000 lines counted.
 */
test('an estimated histogram is marked, and counting exactly replaces it', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'observatory-e2e-'));
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir, '--histogram-exact', '0ms']);
  try {
    const now = Date.now();
    // 40 000 lines over the last 40 minutes; every other one says "nominal".
    const body = Array.from({ length: 40_000 }, (_, k) =>
      JSON.stringify({ timestamp: now - 2_400_000 + k * 60, service: `svc-${k % 4}`, level: k % 10 === 0 ? 'WARN' : 'INFO', message: `frame ${k} ${k % 2 ? 'nominal' : 'checked'}` }),
    ).join('\n');
    const res = await fetch(`${st.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    expect(res.status).toBe(202);

    await openConsole(page, st.url);
    const logs = new LogsPage(page);
    await logs.open();
    await logs.search('nominal');
    const histogram = page.locator('.logs-histogram');
    const estimate = page.getByTestId('logs-histogram-estimate');
    // An estimate, not a made-up number: within 10 % of the 20 000 matches (it counts ~1 250).
    // (Polled: the page first shows the histogram of every line, 40 000, counted exactly.)
    await expect.poll(async () => Math.abs(Number(await histogram.getAttribute('data-total')) - 20_000) / 20_000).toBeLessThan(0.1);
    await expect(estimate).toContainText('estimated from 1 in 16 lines');
    await expect(histogram).toHaveAttribute('data-sampled', '0.0625');
    await expect(page.locator('.logs-histogram__caption')).toContainText('≈');
    await page.screenshot({ path: `${SCREENSHOTS}/logs-histogram-estimated.png`, fullPage: true });

    await page.getByTestId('logs-histogram-exact').click();
    await expect(histogram).toHaveAttribute('data-total', '20000');
    await expect(histogram).toHaveAttribute('data-sampled', '');
    await expect(estimate).toHaveCount(0);
  } finally {
    st.child.kill('SIGTERM');
    await st.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
