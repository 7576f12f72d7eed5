/**
 * Find a Chromium for the browser tests, or get one: a system Chromium first; else Debian's
 * `chromium` package where we are root with apt-get; else Playwright's own download where there
 * is internet. Prints the executable path (empty when Playwright's bundled browser is used).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function found() {
  const env = process.env.OBSERVATORY_CHROMIUM;
  if (env && existsSync(env)) return env;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function log(msg) {
  process.stderr.write(`ensure-chromium: ${msg}\n`);
}

export function ensureChromium() {
  let path = found();
  if (path) return { path, how: 'system' };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    log('no Chromium found; installing Debian\'s chromium package…');
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : update;
    path = found();
    if (path) return { path, how: 'apt' };
    log(`apt-get could not install chromium (exit ${install.status})`);
  }
  log('trying `npx playwright install chromium` (needs internet)…');
  try {
    execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 600_000 });
    return { path: '', how: 'playwright' };
  } catch {
    return { path: null, how: 'none' };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = ensureChromium();
  if (r.path === null) process.exit(1);
  console.log(r.path);
}
