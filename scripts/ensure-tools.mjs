/**
 * What `npm test` needs beyond npm: Chromium for the browser tests, and the real peers the
 * integration tests drive (Prometheus, rsyslog, logger). Each is looked for first; what is
 * missing comes from Debian's packages where we are root with apt-get; a browser, last, from
 * Playwright's own download where there is internet. Tests for a peer that is still missing
 * say they are skipped and why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Debian packages of the real clients, and a file each one installs. */
export const PEERS = [
  { pkg: 'prometheus', file: '/usr/bin/prometheus' },
  { pkg: 'rsyslog', file: '/usr/sbin/rsyslogd' },
  { pkg: 'bsdutils', file: '/usr/bin/logger' },
  { pkg: 'prometheus-node-exporter', file: '/usr/bin/prometheus-node-exporter' },
];

function log(msg) {
  process.stderr.write(`ensure-tools: ${msg}\n`);
}

let updated = false;
/** apt-get install, once per run, when root with apt; false where that is not possible. */
export function aptInstall(packages) {
  if (packages.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    log(`cannot install ${packages.join(' ')}: not root with apt-get`);
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    updated = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0;
  }
  log(`installing ${packages.join(' ')} from Debian…`);
  // --no-install-recommends keeps Prometheus from pulling a web UI stack; policy-rc.d keeps the
  // daemons from starting system-wide (the tests start their own, on loopback, ephemeral ports).
  const r = spawnSync('sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d; apt-get install -y -qq --no-install-recommends ${packages.join(' ')}; s=$?; rm -f /usr/sbin/policy-rc.d; exit $s`], { stdio: 'inherit', env });
  return r.status === 0;
}

export function ensurePeers() {
  const missing = PEERS.filter((p) => !existsSync(p.file));
  if (missing.length) aptInstall(missing.map((p) => p.pkg));
  return PEERS.filter((p) => !existsSync(p.file)).map((p) => p.pkg);
}

export function ensureChromium() {
  const found = () => {
    const env = process.env.OBSERVATORY_CHROMIUM;
    if (env && existsSync(env)) return env;
    return CHROMIUM.find((p) => existsSync(p)) ?? null;
  };
  let path = found();
  if (path) return { path, how: 'system' };
  if (aptInstall(['chromium'])) {
    path = found();
    if (path) return { path, how: 'apt' };
  }
  log('trying `npx playwright install chromium` (needs internet)…');
  try {
    execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 600_000 });
    return { path: '', how: 'playwright' };
  } catch {
    return { path: null, how: 'none' };
  }
}
