#!/usr/bin/env node
/**
 * `observatory start`   — the desktop app where an Electron runtime and a display exist; otherwise
 *                         the headless station with its web console, saying why.
 * `observatory station` — the headless station explicitly.
 * `observatory forward` — ship log files (or stdin) to a station; `observatory forward --help`.
 * `observatory demo`    — the headless station with the demo fleet playing into it (`npm run demo`);
 *                         `--demo` on start/station does the same alongside the desktop app/station.
 * Builds the app first when the build is missing or older than the sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...args] = process.argv.slice(2);
// --demo is ours, not the station's or Electron's: take it out before passing the rest on.
const withDemo = command === 'demo' || args.includes('--demo');
const rest = args.filter((a) => a !== '--demo');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function ensureBuilt(entry = 'station.js') {
  const built = join(root, 'out', 'main', entry);
  const hasSources = existsSync(join(root, 'src'));
  if (existsSync(built) && (!hasSources || newestMtime(join(root, 'out')) >= newestMtime(join(root, 'src')))) return;
  console.log('observatory: building the app (first run or sources changed)…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('observatory: the build failed (see above)');
    process.exit(r.status ?? 1);
  }
}

/** The Electron binary if it is installed, without triggering electron's own download-on-require. */
function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  const bin = join(base, rel);
  return existsSync(bin) ? bin : null;
}

function tryInstallElectron() {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer) || process.env.CI || process.env.OBSERVATORY_NO_ELECTRON_DOWNLOAD) return false;
  console.log('observatory: fetching the Electron runtime (one time)…');
  const r = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  if (r.status === 0) return true;
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => /error|failed/i.test(l))?.trim() ?? `exit ${r.status}`;
  console.log(`observatory: could not fetch Electron: ${why}`);
  return false;
}

/** better-sqlite3 built for Electron's ABI, kept apart from node_modules' Node build. */
function electronSqliteReady() {
  const abiFile = join(root, 'node_modules', 'electron', 'abi_version');
  if (!existsSync(abiFile)) return false;
  const abi = readFileSync(abiFile, 'utf8').trim();
  const binding = join(root, 'build', 'native', `electron-${abi}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (existsSync(binding)) return true;
  console.log('observatory: building SQLite for the Electron runtime (one time)…');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'rebuild-electron-sqlite.mjs')], { cwd: root, stdio: 'inherit' });
  return r.status === 0 && existsSync(binding);
}

function whyNoDesktop() {
  let bin = electronBinary();
  if (!bin && tryInstallElectron()) bin = electronBinary();
  if (!bin) return { reason: 'the Electron runtime is not installed and could not be downloaded here' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  if (!electronSqliteReady()) return { reason: 'SQLite could not be built for the Electron runtime (npm run rebuild:electron says why)' };
  return { bin };
}

function run(bin, args) {
  const child = spawn(bin, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let demoChild = null;
/** The demo fleet simulator, playing into the station at `url` until we exit. */
function startDemo(url) {
  console.log(`observatory: demo fleet playing into ${url} (4 spacecraft, 2 ground stations)`);
  // The station's ingest token, if given as a flag (OBSERVATORY_TOKEN reaches the demo by the environment).
  const i = rest.indexOf('--token');
  const token = i >= 0 ? rest[i + 1] : rest.find((a) => a.startsWith('--token='))?.slice(8);
  const args = [join(root, 'out', 'main', 'demo.js'), '--url', url, ...(token ? ['--token', token] : [])];
  demoChild = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  process.on('exit', () => demoChild?.kill('SIGTERM'));
}

/** The port the desktop app will listen on (its own flag parsing: --port or OBSERVATORY_PORT). */
function desktopUrl(argv) {
  let port = process.env.OBSERVATORY_PORT || '4318';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port' && argv[i + 1]) port = argv[i + 1];
    else if (argv[i].startsWith('--port=')) port = argv[i].slice(7);
  }
  return `http://127.0.0.1:${port}`;
}

function station(args) {
  const entry = [join(root, 'out', 'main', 'station.js'), ...args];
  if (!withDemo) return run(process.execPath, entry);
  // Read the station's ready line to learn its URL (the port may be 0 = any), echoing its output.
  const child = spawn(process.execPath, entry, { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (demoChild) return;
    buffered += chunk.toString();
    const m = /OBSERVATORY_READY (\S+)/.exec(buffered);
    if (m) startDemo(m[1]);
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (command === 'station' || command === 'demo') {
  ensureBuilt();
  if (withDemo) ensureBuilt('demo.js');
  station(rest);
} else if (command === 'start') {
  ensureBuilt();
  if (withDemo) ensureBuilt('demo.js');
  const desktop = whyNoDesktop();
  if (desktop.bin) {
    run(desktop.bin, [root, ...rest]);
    // The demo waits for the app's station to answer before it plays.
    if (withDemo) startDemo(desktopUrl(rest));
  } else {
    console.log(`observatory: not opening the desktop window: ${desktop.reason}.`);
    console.log('observatory: starting the station server with the web console instead; open the URL below in a browser.');
    station(rest);
  }
} else if (command === 'forward') {
  ensureBuilt('forwarder.js');
  run(process.execPath, [join(root, 'out', 'main', 'forwarder.js'), ...rest]);
} else {
  console.error(`observatory: unknown command "${command}". Commands: start, station, demo, forward`);
  process.exit(2);
}
