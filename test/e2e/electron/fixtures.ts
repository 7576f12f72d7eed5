import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

export const root = join(import.meta.dirname, '..', '..', '..');
export const mainBundle = join(root, 'out', 'main', 'index.js');

export type Runtime = { ok: true; executable: string } | { ok: false; reason: string };

/**
 * Finds the Electron binary the way node_modules/electron does, but without require('electron'),
 * which tries to download it when missing.
 */
export function electronRuntime(): Runtime {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: 'node_modules/electron/path.txt is missing, so the Electron binary was never downloaded (offline install or ELECTRON_SKIP_BINARY_DOWNLOAD). Run `npx install-electron` with network access.',
    };
  }
  const executable = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) {
    return { ok: false, reason: `${executable} does not exist; the Electron download is incomplete. Reinstall electron with network access.` };
  }
  return { ok: true, executable };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface DesktopApp {
  app: ElectronApplication;
  window: Page;
  /** The embedded station's HTTP address. */
  url: string;
  close(): Promise<void>;
}

/** Starts the built app with its own data dir and port, and waits until the console is ready. */
export async function launchDesktop(executable: string): Promise<DesktopApp> {
  if (!existsSync(mainBundle)) throw new Error(`${mainBundle} is missing; run \`npm run build\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'observatory-e2e-'));
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL') env[k] = v;
  const app = await _electron.launch({
    // Passing the binary keeps Playwright from resolving it through require('electron').
    executablePath: executable,
    // The project folder, so Electron runs package.json's main (out/main/index.js) as the app.
    args: [
      root,
      `--user-data-dir=${dataDir}`,
      `--port=${port}`,
      // Chromium refuses to run as root (containers, CI) with its OS sandbox on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    env: { ...env, OBSERVATORY_DATA_DIR: dataDir },
  });
  const window = await app.firstWindow();
  await window.locator('[data-app-state="ready"]').waitFor({ timeout: 30_000 });
  return {
    app,
    window,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The page's globals as these tests use them. The e2e code is typechecked with the Node lib (no
 * DOM), and functions passed to page.evaluate run in the page, so they reach it via globalThis.
 */
export interface PageGlobals {
  location: { hash: string; href: string };
  open(url: string): unknown;
  mc: { invoke(method: string, input: unknown): Promise<{ ok: boolean }>; onEvent: unknown };
  require?: unknown;
  process?: unknown;
  __inlineRan?: boolean;
  document: {
    head: { append(node: unknown): void };
    createElement(tag: 'script'): { textContent: string };
  };
}

/** The Logs screen, reached through the hash router like a bookmarked route. */
export class LogsScreen {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.hash = '#/logs';
    });
  }

  line(text: string) {
    return this.page.getByText(text, { exact: false }).first();
  }
}
