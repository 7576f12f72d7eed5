import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { electronRuntime, launchDesktop, LogsScreen, type DesktopApp } from './fixtures';

const runtime = electronRuntime();

test.describe('desktop app', () => {
  test.skip(!runtime.ok, `Electron runtime not installed here: ${runtime.ok ? '' : runtime.reason}`);

  let desktop: DesktopApp | undefined;
  test.afterEach(async () => {
    await desktop?.close();
    desktop = undefined;
  });

  test('a log line posted to the embedded station shows on the Logs screen', async () => {
    if (!runtime.ok) return;
    const testInfo = test.info();
    desktop = await launchDesktop(runtime.executable);
    const message = `desktop e2e ${randomUUID()}`;

    const response = await fetch(`${desktop.url}/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'INFO', service: 'e2e', spacecraft_id: 'SC-E2E', message }),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);

    const logs = new LogsScreen(desktop.window);
    await logs.open();
    await expect(logs.line(message)).toBeVisible({ timeout: 15_000 });
    await desktop.window.screenshot({ path: testInfo.outputPath('desktop-logs.png'), fullPage: true });
  });
});
