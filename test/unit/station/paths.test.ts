import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_NAME, defaultDataDir } from '../../../src/station/paths';

describe('defaultDataDir', () => {
  it.each<[string, NodeJS.Platform, NodeJS.ProcessEnv, string, string]>([
    ['linux: ~/.config', 'linux', {}, '/home/ops', join('/home/ops', '.config', APP_NAME)],
    ['linux: XDG_CONFIG_HOME wins', 'linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ops', join('/xdg', APP_NAME)],
    ['freebsd is treated like linux', 'freebsd', {}, '/home/ops', join('/home/ops', '.config', APP_NAME)],
    ['darwin: Application Support', 'darwin', {}, '/Users/ops', join('/Users/ops', 'Library', 'Application Support', APP_NAME)],
    ['darwin ignores XDG and APPDATA', 'darwin', { XDG_CONFIG_HOME: '/xdg', APPDATA: 'C:\\x' }, '/Users/ops', join('/Users/ops', 'Library', 'Application Support', APP_NAME)],
    ['win32: APPDATA', 'win32', { APPDATA: 'C:\\Users\\ops\\AppData\\Roaming' }, 'C:\\Users\\ops', join('C:\\Users\\ops\\AppData\\Roaming', APP_NAME)],
    ['win32 without APPDATA: home\\AppData\\Roaming', 'win32', {}, 'C:\\Users\\ops', join('C:\\Users\\ops', 'AppData', 'Roaming', APP_NAME)],
  ])('%s', (_name, platform, env, home, expected) => {
    expect(defaultDataDir(env, platform, home)).toBe(expected);
  });

  it('is named "Observatory", like Electron’s userData folder for the app', () => {
    expect(APP_NAME).toBe('Observatory');
  });
});
