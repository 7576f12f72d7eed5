import { expect, test } from '@playwright/test';
import { electronRuntime, launchDesktop, type DesktopApp, type PageGlobals } from './fixtures';

const runtime = electronRuntime();

/** What src/main/security.ts and the preload promise, checked in a real window. */
test.describe('desktop security', () => {
  test.skip(!runtime.ok, `Electron runtime not installed here: ${runtime.ok ? '' : runtime.reason}`);

  let desktop: DesktopApp | undefined;
  test.beforeEach(async () => {
    if (runtime.ok) desktop = await launchDesktop(runtime.executable);
  });
  test.afterEach(async () => {
    await desktop?.close();
    desktop = undefined;
  });

  test('the page sees only window.mc, and no node', async () => {
    const seen = await desktop!.window.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return { bridge: Object.keys(page.mc).sort(), require: typeof page.require, process: typeof page.process };
    });
    expect(seen).toEqual({ bridge: ['invoke', 'onEvent'], require: 'undefined', process: 'undefined' });
  });

  test('IPC answers the app page through the contract', async () => {
    const result = await desktop!.window.evaluate(() => (globalThis as unknown as PageGlobals).mc.invoke('system.info', {}));
    expect(result.ok).toBe(true);
  });

  test('window.open opens nothing and navigation away is blocked', async () => {
    const { app, window: page } = desktop!;
    const appUrl = page.url().split('#')[0]!;
    const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);

    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    // A later same-document step proves the blocked navigation never replaced the page.
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.hash = '#/probe';
    });
    await expect.poll(() => page.url()).toBe(`${appUrl}#/probe`);
  });

  test('inline script is refused by the content security policy', async () => {
    const ran = await desktop!.window.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      const script = page.document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      page.document.head.append(script);
      return page.__inlineRan === true;
    });
    expect(ran).toBe(false);
  });
});
