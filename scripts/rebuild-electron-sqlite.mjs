#!/usr/bin/env node
/**
 * Builds better-sqlite3 for the installed Electron into
 *   build/native/electron-<abi>-<platform>-<arch>/better_sqlite3.node
 * (the path src/main/native/sqlite-binding.ts looks for, and electron-builder.yml packages).
 *
 * It compiles a temporary copy of node_modules/better-sqlite3, so the Node-ABI build there,
 * which the tests and the headless station load, is never replaced. Needs the Electron headers:
 * downloaded from electronjs.org, or an extracted copy given as ELECTRON_HEADERS_DIR for
 * offline machines. Usage: npm run rebuild:electron [-- --arch=arm64]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const HEADERS_URL = process.env.ELECTRON_HEADERS_URL || 'https://electronjs.org/headers';
const BUILD_TIMEOUT_MS = 15 * 60_000;

class RebuildError extends Error {}

// Thrown rather than exiting, so the temporary copy is always cleaned up.
function fail(message) {
  throw new RebuildError(message);
}

function argValue(name) {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : undefined;
}

// Read Electron's metadata from disk: require('electron') would try to download the binary.
function electronInfo() {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) fail('node_modules/electron is missing; run npm install first.');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const abiFile = join(dir, 'abi_version');
  const abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : require('node-abi').getAbi(version, 'electron');
  return { version, abi: String(abi) };
}

// npm exports its config (e.g. nodedir=/usr from ~/.npmrc) to scripts as npm_config_*; node-gyp
// would then compile against *Node's* headers and silently produce the wrong ABI.
function cleanEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) env[key] = value;
  }
  return env;
}

function explain(output, version) {
  if (/network connectivity|behind a proxy|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up|self.signed|certificate/i.test(output)) {
    return (
      `could not download the Electron ${version} headers from ${HEADERS_URL} (no network, or a proxy in the way).\n` +
      `Connect and run it again, or download ${HEADERS_URL}/v${version}/node-v${version}-headers.tar.gz elsewhere,\n` +
      'extract it and run: ELECTRON_HEADERS_DIR=/path/to/node_headers npm run rebuild:electron'
    );
  }
  if (/gyp ERR! find Python|make: not found|not found: make|No Xcode|MSBuild/i.test(output)) {
    return 'the native toolchain is incomplete (node-gyp needs Python 3, make and a C++ compiler; see node-gyp README).';
  }
  return 'node-gyp could not build better-sqlite3; its output is above.';
}

function main() {
  const { version, abi } = electronInfo();
  const arch = argValue('arch') || process.arch;
  const outDir = join(root, 'build', 'native', `electron-${abi}-${process.platform}-${arch}`);
  const source = join(root, 'node_modules', 'better-sqlite3');
  const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!existsSync(source)) fail('node_modules/better-sqlite3 is missing; run npm install first.');
  if (!existsSync(gyp)) fail('node_modules/node-gyp is missing; run npm install first.');

  console.log(`Building better-sqlite3 for Electron ${version} (ABI ${abi}, ${process.platform}-${arch})`);
  const work = mkdtempSync(join(tmpdir(), 'observatory-sqlite-'));
  try {
    const copy = join(work, 'better-sqlite3');
    // Sources only: the Node build in build/ must neither be reused nor touched.
    cpSync(source, copy, {
      recursive: true,
      filter: (path) => {
        const rel = relative(source, path).split(sep);
        return rel[0] !== 'build' && rel[0] !== 'node_modules';
      },
    });
    const headersDir = process.env.ELECTRON_HEADERS_DIR;
    const args = [
      gyp,
      'rebuild',
      '--release',
      `--target=${version}`,
      `--arch=${arch}`,
      '--runtime=electron',
      ...(headersDir ? [`--nodedir=${headersDir}`] : [`--dist-url=${HEADERS_URL}`, `--devdir=${join(homedir(), '.electron-gyp')}`]),
    ];
    const run = spawnSync(process.execPath, args, {
      cwd: copy,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    if (run.error) fail(`node-gyp did not finish: ${run.error.message}`);
    if (run.status !== 0) fail(explain(`${run.stdout}\n${run.stderr}`, version));

    const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) fail(`node-gyp reported success but ${built} is missing.`);
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, join(outDir, 'better_sqlite3.node'));
    console.log(`Wrote ${relative(root, join(outDir, 'better_sqlite3.node'))}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`\nrebuild:electron failed: ${err instanceof RebuildError ? err.message : err?.stack ?? err}\n`);
  process.exitCode = 1;
}
