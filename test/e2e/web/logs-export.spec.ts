/**
 * Export from the Logs screen, checked against the search: the downloaded file holds exactly
 * the lines the search finds. Plain links on an open station; on a station that requires a
 * token the console fetches with the Authorization header, shows progress and can cancel.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { spawnStation } from '../../support/station-process';
import { expect, LogsPage, openConsole, SCREENSHOTS, test } from './fixtures';

const TOKEN = 'e2e-export-token-0123456789';

function lines(n: number, now = Date.now()) {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: now - (n - i) * 10,
    level: i % 4 === 0 ? 'error' : 'info',
    service: i % 2 ? 'nav' : 'power',
    spacecraft_id: 'juno',
    message: i % 50 === 0 ? `valve ${i}, "stuck"\nsecond line` : `valve ${i} nominal`,
  }));
}

/** The ids the search API returns for the same query, newest first, all pages. */
async function searchIds(url: string, query: Record<string, string>, headers: Record<string, string> = {}): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '1000', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${url}/logs/search?${params}`, { headers });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: number }[]; next_cursor: string | null };
    ids.push(...page.items.map((i) => i.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

/** RFC 4180 records (quoted cells may hold commas, "" and line breaks); the ids of all but the header. */
function csvIds(text: string): number[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  return rows.slice(1).map((r) => Number(r[0]));
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const dl = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const d = await dl;
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

test('NDJSON and CSV downloads hold exactly the lines the search finds', async ({ page, station }) => {
  expect((await station.post('/logs', lines(600))).status).toBe(202);
  await openConsole(page, station.url, '#/logs');
  const logs = new LogsPage(page);
  await logs.search('valve level:error');
  await expect(logs.rows().first()).toBeVisible();
  const expected = await searchIds(station.url, { q: 'valve level:error', from: 'now-24h' });
  expect(expected).toHaveLength(150);

  const nd = await download(page, 'logs-export-ndjson');
  expect(nd.name).toMatch(/\.ndjson$/);
  const ndIds = nd.text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number; level: string }).id);
  expect(ndIds).toEqual([...expected].reverse()); // the export is oldest first

  const csv = await download(page, 'logs-export-csv');
  expect(csv.name).toMatch(/\.csv$/);
  expect(csv.text.split('\n')[0]).toMatch(/^id,time,timestamp,level/);
  expect(csvIds(csv.text)).toEqual([...expected].reverse());
  await page.screenshot({ path: `${SCREENSHOTS}/logs-export.png` });
});

test('on a token-protected station, export fetches with the token, shows progress, can be cancelled; the live tail works too', async ({ page }) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'observatory-e2e-token-'));
  const st = await spawnStation(['--port', '0', '--data-dir', dataDir, '--token', TOKEN]);
  const auth = { authorization: `Bearer ${TOKEN}` };
  try {
    const batch = lines(5000);
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${st.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(batch.map((l) => ({ ...l, timestamp: l.timestamp - i * 60_000 }))) });
      expect(res.status).toBe(202);
    }
    // A plain link could not send the token: the station refuses it.
    expect((await fetch(`${st.url}/logs/export?format=ndjson`)).status).toBe(401);

    await page.addInitScript((token) => localStorage.setItem('observatory.token', token), TOKEN);
    await openConsole(page, st.url, '#/logs');
    const logs = new LogsPage(page);
    await logs.search('level:error');
    await expect(logs.rows().first()).toBeVisible();
    // Buttons, not links: there is no href a browser could open without the token.
    await expect(page.getByTestId('logs-export-csv')).not.toHaveAttribute('href', /.*/);

    const expected = await searchIds(st.url, { q: 'level:error', from: 'now-24h' }, auth);
    expect(expected).toHaveLength(10_000);
    const dl = page.waitForEvent('download');
    await page.getByTestId('logs-export-ndjson').click();
    const d = await dl;
    const text = readFileSync(await d.path(), 'utf8');
    expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([...expected].reverse());
    await expect(page.getByTestId('logs-export-result')).toContainText('Saved 10,000 lines');
    await page.screenshot({ path: `${SCREENSHOTS}/logs-export-token-saved.png` });

    // The live tail reads its stream with the token as well (an EventSource could not send it).
    await page.getByTestId('logs-tail-toggle').click();
    await expect(page.locator('[data-tail-status="open"]')).toBeVisible();
    const tailed = await fetch(`${st.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify([{ level: 'error', service: 'nav', message: 'tailed through the token' }]) });
    expect(tailed.status).toBe(202);
    await expect(logs.rows().first()).toContainText('tailed through the token');
    await page.getByTestId('logs-tail-toggle').click();

    // A bigger export, cancelled while it runs: progress shows, then "cancelled", no download.
    await logs.search('valve');
    await expect(logs.rows().first()).toBeVisible();
    let downloads = 0;
    page.on('download', () => downloads++);
    // Slow the response body down so the run is visible long enough to see and cancel.
    await page.route('**/logs/export**', async (route) => {
      try {
        const res = await route.fetch();
        await new Promise((r) => setTimeout(r, 1500));
        await route.fulfill({ response: res });
      } catch {
        // The page cancelled the request while it was held here: that is the point.
      }
    });
    await page.getByTestId('logs-export-csv').click();
    await expect(page.getByTestId('logs-export-progress')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/logs-export-token-progress.png` });
    await page.getByTestId('logs-export-cancel').click();
    await expect(page.getByTestId('logs-export-result')).toContainText('cancelled');
    expect(downloads).toBe(0);
  } finally {
    st.child.kill('SIGTERM');
    await st.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
