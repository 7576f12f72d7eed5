import { defineConfig } from '@playwright/test';

/** Chromium comes from the system (scripts/ensure-chromium.mjs); Playwright's download is the last resort. */
const executablePath = process.env.OBSERVATORY_CHROMIUM || (process.env.OBSERVATORY_CHROMIUM === '' ? undefined : '/usr/bin/chromium');

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'off',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testDir: 'test/e2e/electron' },
  ],
});
