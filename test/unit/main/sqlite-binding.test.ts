import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ app: { isPackaged: false, getAppPath: () => '/nowhere' } }));

import {
  bindingCandidate,
  electronBindingDirName,
  explainNativeError,
  REBUILD_COMMAND,
  resolveNativeBinding,
  type BindingEnv,
} from '../../../src/main/native/sqlite-binding';

const dev: BindingEnv = {
  isPackaged: false,
  resourcesPath: '/opt/Observatory/resources',
  appPath: '/src/observatory',
  modules: '150',
  platform: 'linux',
  arch: 'x64',
};
const packaged: BindingEnv = { ...dev, isPackaged: true };

describe('Electron-ABI SQLite binding', () => {
  it('lives in a per-ABI, per-platform folder in development', () => {
    expect(electronBindingDirName(dev)).toBe('electron-150-linux-x64');
    expect(bindingCandidate(dev)).toBe(join('/src/observatory', 'build', 'native', 'electron-150-linux-x64', 'better_sqlite3.node'));
  });

  it('lives in resources/native when packaged', () => {
    expect(bindingCandidate(packaged)).toBe(join('/opt/Observatory/resources', 'native', 'better_sqlite3.node'));
  });

  it('returns the path when the file exists', () => {
    const exists = vi.fn(() => true);
    expect(resolveNativeBinding(dev, exists)).toBe(bindingCandidate(dev));
    expect(exists).toHaveBeenCalledWith(bindingCandidate(dev));
  });

  it('returns undefined and says how to fix it when the file is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(resolveNativeBinding(dev, () => false)).toBeUndefined();
    expect(warn.mock.calls[0]![0]).toContain(REBUILD_COMMAND);
    warn.mockRestore();
  });

  it('turns an ABI mismatch into advice to rebuild', () => {
    const abi = new Error(
      "The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 150.",
    );
    expect(explainNativeError(abi)).toContain('npm run rebuild:electron');
    expect(explainNativeError(new Error('database is locked'))).toBe('database is locked');
  });
});
