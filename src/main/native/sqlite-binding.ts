import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import { log } from '../log';

/**
 * better-sqlite3 is a native addon. node_modules holds the build for plain Node (tests, the
 * headless station); Electron has its own ABI and needs its own build. We keep that one apart
 * (build/native/electron-<abi>-<platform>-<arch>/ in development, resources/native/ when
 * packaged) and hand its path to better-sqlite3's `nativeBinding` option, so neither build ever
 * overwrites the other.
 */

export const BINDING_FILE = 'better_sqlite3.node';
export const REBUILD_COMMAND = 'npm run rebuild:electron';

export interface BindingEnv {
  isPackaged: boolean;
  /** process.resourcesPath of the packaged app. */
  resourcesPath: string;
  /** The project root in development. */
  appPath: string;
  /** NODE_MODULE_VERSION of the running Electron (process.versions.modules). */
  modules: string;
  platform: string;
  arch: string;
}

/** Folder name shared with scripts/rebuild-electron-sqlite.mjs, which writes there. */
export function electronBindingDirName(env: Pick<BindingEnv, 'modules' | 'platform' | 'arch'>): string {
  return `electron-${env.modules}-${env.platform}-${env.arch}`;
}

export function bindingCandidate(env: BindingEnv): string {
  return env.isPackaged
    ? join(env.resourcesPath, 'native', BINDING_FILE)
    : join(env.appPath, 'build', 'native', electronBindingDirName(env), BINDING_FILE);
}

/**
 * The Electron-ABI binding's path, or undefined (with a log line saying how to fix it) when it
 * has not been built: better-sqlite3 then tries its default Node build and fails to load, and
 * explainNativeError turns that failure into the same advice.
 */
export function resolveNativeBinding(
  env: BindingEnv,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const candidate = bindingCandidate(env);
  if (exists(candidate)) {
    log.info(`using the Electron-ABI SQLite binding ${candidate}`);
    return candidate;
  }
  log.warn(
    env.isPackaged
      ? `SQLite binding missing from the package (${candidate}); the build should have run \`${REBUILD_COMMAND}\` before electron-builder`
      : `no Electron-ABI SQLite binding at ${candidate}; run \`${REBUILD_COMMAND}\` once (better-sqlite3's Node build cannot load in Electron)`,
  );
  return undefined;
}

const ABI_ERROR = /NODE_MODULE_VERSION|compiled against a different Node\.js version|better_sqlite3\.node|Module did not self-register/i;

/** A message for a failed database start; ABI mismatches get the rebuild advice appended. */
export function explainNativeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!ABI_ERROR.test(message)) return message;
  return `${message}\n\nThe SQLite native module was not built for this Electron version. Run \`${REBUILD_COMMAND}\` in the project folder, then start the app again.`;
}

/**
 * The running app's values. `projectRoot` is derived from the bundle's own location rather than
 * app.getAppPath(), which is out/main when Electron is started on the file instead of the folder.
 */
export function currentBindingEnv(projectRoot: string): BindingEnv {
  return {
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: projectRoot,
    modules: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
  };
}
