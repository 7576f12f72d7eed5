#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, build, unit + integration (vitest), browser e2e (Playwright in
 * Chromium against the built station). Runs every stage even when one fails, then prints one
 * plain summary line `N passed, N failed, N skipped` (stages count as checks).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensurePeers } from './ensure-tools.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck (node)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']);
check('typecheck (web)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.web.json']);
check('typecheck (browser tests)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.browser-tests.json']);
check('lint', bin('eslint'), ['.', '--max-warnings=0']);

// The build comes first: integration tests run the built station as a process, e2e tests serve it.
const built = step('build (electron-vite)', bin('electron-vite'), ['build']);
if (built) passed++;
else {
  failed++;
  failures.push('build');
}

// Unit + integration (with the real peers the integration tests drive).
const missingPeers = ensurePeers();
if (missingPeers.length) console.log(`\n(not available here: ${missingPeers.join(', ')}; their tests will say skipped)`);
const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestOk = step('unit + integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  if (v.numFailedTests) failures.push(`${v.numFailedTests} vitest test(s)`);
  if (!vitestOk && v.numFailedTests === 0) {
    failed++;
    failures.push('vitest exited non-zero (a suite failed to load?)');
  }
} else {
  failed++;
  failures.push('vitest produced no report');
}


const browser = ensureChromium();
const pwJson = join(results, 'playwright.json');
rmSync(pwJson, { force: true });
if (!built) {
  console.log('\n(e2e not run: the build failed)');
} else if (browser.path === null) {
  failed++;
  failures.push('no Chromium could be found or installed for the e2e tests');
} else {
  console.log(`\nChromium for e2e: ${browser.path || "Playwright's own"} (${browser.how})`);
  step('e2e tests (Playwright)', bin('playwright'), ['test'], {
    OBSERVATORY_CHROMIUM: browser.path,
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  const p = readJson(pwJson);
  if (p?.stats) {
    passed += p.stats.expected;
    failed += p.stats.unexpected;
    skipped += p.stats.skipped;
    if (p.stats.unexpected) failures.push(`${p.stats.unexpected} e2e test(s)`);
    if (p.errors?.length) {
      failed++;
      failures.push('Playwright reported errors outside tests');
    }
  } else {
    failed++;
    failures.push('Playwright produced no report');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
