import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Plain file reads: require('electron') would try to download the Electron binary.
const root = join(import.meta.dirname, '..', '..', '..');
const builderYml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const abiFile = join(root, 'node_modules', 'electron', 'abi_version');

describe('electron-builder.yml', () => {
  it.skipIf(!existsSync(abiFile))('packages the SQLite binding built for the installed Electron ABI', () => {
    const abi = readFileSync(abiFile, 'utf8').trim();
    expect(builderYml).toContain(`from: build/native/electron-${abi}-\${platform}-\${arch}`);
    expect(builderYml).toMatch(/to: native\n\s+filter:\n\s+- better_sqlite3\.node/);
  });

  it('never lets electron-builder rebuild node_modules for Electron', () => {
    expect(builderYml).toMatch(/^npmRebuild: false$/m);
  });

  it('ships the icon the tray and window use', () => {
    expect(existsSync(join(root, 'resources', 'icon.png'))).toBe(true);
    expect(builderYml).toMatch(/from: resources\/icon\.png\n\s+to: icon\.png/);
  });
});
