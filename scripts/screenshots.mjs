#!/usr/bin/env node
/**
 * `npm run screenshots`: the README's pictures, taken the way a newcomer first sees the console —
 * the built station with the demo fleet playing into it (real ingest, real rules firing), each
 * page opened in Chromium. Writes docs/screenshots/*.png. Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'screenshots');
const playFor = Number(process.env.SCREENSHOT_WARMUP_S ?? 45) * 1000;
const dataDir = mkdtempSync(join(os.tmpdir(), 'observatory-shots-'));

const station = spawn(process.execPath, [join(root, 'out/main/station.js'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  station.stdout.on('data', (d) => {
    out += d;
    const m = /OBSERVATORY_READY (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  station.once('exit', (code) => reject(new Error(`station exited (${code}) before it was ready`)));
});
const demo = spawn(process.execPath, [join(root, 'out/main/demo.js'), '--url', url], { stdio: 'inherit' });
console.log(`screenshots: station at ${url}; letting the demo fleet play for ${playFor / 1000} s…`);
await new Promise((r) => setTimeout(r, playFor));

const pages = [
  ['overview', '#/overview'],
  ['spacecraft', '#/spacecraft?id=aurora-1'],
  ['dashboards', '#/dashboards?id=1'],
  ['metrics', '#/metrics?q=' + encodeURIComponent('max by (spacecraft) (thermal.battery_temp_c)')],
  ['logs', '#/logs?q=' + encodeURIComponent('level>=warn')],
  ['alerts', '#/alerts'],
  ['rules', '#/rules'],
  ['notifications', '#/notifications'],
  ['parsing', '#/parsing'],
  ['endpoints', '#/endpoints'],
];
const browser = await chromium.launch({
  executablePath: process.env.OBSERVATORY_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  mkdirSync(outDir, { recursive: true });
  for (const [name, hash] of pages) {
    await page.goto(`${url}/${hash}`);
    await page.locator('[data-app-state="ready"]').waitFor();
    // Charts animate in; let them settle before the picture.
    await page.waitForTimeout(2500);
    await page.screenshot({ path: join(outDir, `${name}.png`) });
    console.log(`screenshots: ${name}.png`);
  }
} finally {
  await browser.close();
  demo.kill('SIGTERM');
  station.kill('SIGTERM');
  await new Promise((r) => station.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
