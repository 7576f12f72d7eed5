import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnStation } from '../../support/station-process';
import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

/**
 * A search the station stops at its time limit is explained on the Logs screen, inline, in the
 * station's words (how to narrow it), and the next search works. Its own station: a 50 ms limit.
 */
test('a too expensive search is stopped and the Logs screen says how to narrow it', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'observatory-e2e-'));
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir, '--query-timeout', '50ms']);
  try {
    const now = Date.now();
    // Enough lines that a metadata condition matching none of them must scan for well over 50 ms.
    for (let start = 0; start < 300_000; start += 50_000) {
      const body = Array.from({ length: 50_000 }, (_, k) =>
        JSON.stringify({ timestamp: now - 3_000_000 + (start + k) * 10, service: `svc-${k % 4}`, request_id: `r-${start + k}`, message: `frame ${start + k} nominal`, metadata: { n: start + k, station: 'dss-14' } }),
      ).join('\n');
      const res = await fetch(`${st.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body: gzipSync(body) });
      expect(res.status).toBe(202);
    }
    await openConsole(page, st.url);
    const logs = new LogsPage(page);
    await logs.open();
    await logs.search('meta.n<0');
    await expect(logs.error()).toContainText('ran longer than 50 ms and was stopped');
    await expect(logs.error()).toContainText('shorter time range');
    await expect(page.getByTestId('logs-count')).toHaveText('Search failed');
    await page.screenshot({ path: `${SCREENSHOTS}/logs-query-too-expensive.png`, fullPage: true });

    // An index lookup stays far below any limit.
    await logs.search('request_id:r-299999');
    await expect(logs.rows()).toHaveCount(1);
    await expect(logs.error()).toHaveCount(0);
  } finally {
    st.child.kill('SIGTERM');
    await st.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
