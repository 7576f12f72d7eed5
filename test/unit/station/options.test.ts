import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, parseStationArgs, USAGE, UsageError } from '../../../src/station/options';
import { defaultDataDir } from '../../../src/station/paths';
import type { ServerOptions } from '../../../src/station/server';

function parse(argv: string[], env: NodeJS.ProcessEnv = {}): ServerOptions {
  const r = parseStationArgs(argv, env);
  if (r === 'help') throw new Error('unexpected help');
  return r;
}

describe('parseStationArgs', () => {
  it('defaults: port 4318, host 127.0.0.1, the OS data dir, no token', () => {
    const o = parse([]);
    expect(DEFAULT_PORT).toBe(4318);
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(o).toMatchObject({ port: 4318, host: '127.0.0.1', dataDir: defaultDataDir({}), synchronous: 'NORMAL', logLevel: 'info' });
    expect(o.token).toBeUndefined();
    expect(o.allowedHosts).toBeUndefined();
  });

  it('the default data dir follows the environment it is given', () => {
    expect(parse([], { XDG_CONFIG_HOME: '/xdg', APPDATA: 'C:\\AppData' }).dataDir).toBe(defaultDataDir({ XDG_CONFIG_HOME: '/xdg', APPDATA: 'C:\\AppData' }));
  });

  it('reads the environment', () => {
    const o = parse([], { OBSERVATORY_PORT: '5000', OBSERVATORY_HOST: '0.0.0.0', OBSERVATORY_DATA_DIR: '/data', OBSERVATORY_TOKEN: 't'.repeat(16) });
    expect(o).toMatchObject({ port: 5000, host: '0.0.0.0', dataDir: '/data', token: 't'.repeat(16) });
  });

  it('flags override the environment', () => {
    const env = { OBSERVATORY_PORT: '5000', OBSERVATORY_HOST: '0.0.0.0', OBSERVATORY_DATA_DIR: '/env', OBSERVATORY_TOKEN: 'env-token-env-token' };
    const o = parse(['--port', '6000', '--host=::1', '--data-dir', '/flag', '--token', 'flag-token-flag-token'], env);
    expect(o).toMatchObject({ port: 6000, host: '::1', dataDir: '/flag', token: 'flag-token-flag-token' });
  });

  it('an empty OBSERVATORY_TOKEN means no token', () => {
    expect(parse([], { OBSERVATORY_TOKEN: '' }).token).toBeUndefined();
  });

  it.each<[string[], Partial<ServerOptions>]>([
    [['--port', '0'], { port: 0 }],
    [['--port=65535'], { port: 65535 }],
    [['--port', '08080'], { port: 8080 }],
    [['--synchronous', 'full'], { synchronous: 'FULL' }],
    [['--synchronous', 'NORMAL'], { synchronous: 'NORMAL' }],
    [['--log-level', 'debug'], { logLevel: 'debug' }],
    [['--log-level', 'silent'], { logLevel: 'silent' }],
    [['--allowed-hosts', ' a.lan, b.lan ,,'], { allowedHosts: ['a.lan', 'b.lan'] }],
    [['--no-console'], { staticDir: undefined }],
  ])('%j', (argv, expected) => {
    expect(parse(argv)).toMatchObject(expected);
  });

  it.each<[string[], NodeJS.ProcessEnv, RegExp]>([
    [['--port', 'http'], {}, /^--port: "http" is not a port number/],
    [['--port', '65536'], {}, /^--port: "65536"/],
    [['--port', '1.5'], {}, /^--port: /],
    [['--port', '1e3'], {}, /^--port: /],
    [['--port', '123456'], {}, /^--port: /],
    [['--port='], {}, /^--port: "" is not a port number/],
    [[], { OBSERVATORY_PORT: 'eighty' }, /^--port: "eighty"/],
    [['--synchronous', 'off'], {}, /^--synchronous: normal or full/],
    [['--log-level', 'loud'], {}, /^--log-level: unknown level "loud"/],
  ])('%j %j → UsageError', (argv, env, reason) => {
    expect(() => parseStationArgs(argv, env)).toThrow(UsageError);
    expect(() => parseStationArgs(argv, env)).toThrow(reason);
  });

  it.each([['--bogus'], ['positional'], ['--port']])('%j is refused by the argument parser', (...argv) => {
    expect(() => parseStationArgs(argv, {})).toThrow();
  });

  it.each([['--help'], ['-h'], ['--port', 'nonsense', '--help']])('%j → help', (...argv) => {
    expect(parseStationArgs(argv, {})).toBe('help');
  });

  it('the usage text documents every flag and variable', () => {
    for (const flag of ['--port', '--host', '--data-dir', '--token', '--allowed-hosts', '--synchronous', '--log-level', '--no-console', '--help']) {
      expect(USAGE).toContain(flag);
    }
    for (const v of ['OBSERVATORY_PORT', 'OBSERVATORY_HOST', 'OBSERVATORY_DATA_DIR', 'OBSERVATORY_TOKEN']) expect(USAGE).toContain(v);
    expect(USAGE).toContain(String(DEFAULT_PORT));
  });

  // As for OBSERVATORY_TOKEN, an exported-but-empty variable means unset (not port "" or host "").
  it.each(['OBSERVATORY_PORT', 'OBSERVATORY_HOST', 'OBSERVATORY_DATA_DIR'])('an empty %s counts as unset', (name) => {
    expect(parse([], { [name]: '' })).toEqual(parse([], {}));
  });
});
