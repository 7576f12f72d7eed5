import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { spawnStation, type StationProcess } from '../../support/station-process';

export const SCREENSHOTS = 'test-results/screenshots';

/** Each test gets its own station process (built app, isolated data dir) and a page on its console. */
export const test = base.extend<{ station: StationProcess & { post: (path: string, body: unknown) => Promise<Response> } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures
  station: async ({}, use) => {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'observatory-e2e-'));
    const st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
    const post = (path: string, body: unknown) =>
      fetch(`${st.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await use({ ...st, post });
    st.child.kill('SIGTERM');
    await st.exited;
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Open the console and wait until the app says it is ready (never a sleep). */
export async function openConsole(page: Page, url: string, hash = ''): Promise<void> {
  await page.goto(`${url}/${hash}`);
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
}

export class LogsPage {
  constructor(private readonly page: Page) {}
  readonly query = () => this.page.getByTestId('logs-query');
  readonly rows = () => this.page.getByTestId('logs-row');
  readonly error = () => this.page.getByTestId('logs-error');

  async open(): Promise<void> {
    await this.page.getByTestId('nav-logs').click();
    await expect(this.query()).toBeVisible();
  }

  async search(text: string): Promise<void> {
    await this.query().fill(text);
    await this.page.getByTestId('logs-search-button').click();
  }

  async minLevel(level: string): Promise<void> {
    await this.page.getByTestId('logs-min-level').selectOption(level);
  }
}
