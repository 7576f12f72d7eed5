import { describe, expect, it } from 'vitest';
import { DEFAULT_URL, USAGE, UsageError, defaultSpoolDir, parseDuration, parseForwarderArgs, parseSize, type ForwarderOptions } from '../../../src/forwarder/options';

function parse(argv: string[], env: NodeJS.ProcessEnv = {}): ForwarderOptions {
  const r = parseForwarderArgs(argv, env, 'host-a');
  if (r === 'help') throw new Error('unexpected help');
  return r;
}

describe('parseForwarderArgs', () => {
  it('defaults: local station, stdin, 1000 lines / 1 MiB / 1 s, 1 GiB spool in the cache folder', () => {
    expect(parse([], { XDG_CACHE_HOME: '/cache' })).toMatchObject({
      url: DEFAULT_URL, token: undefined, files: [], stdin: true, fromStart: false,
      batchLines: 1000, batchBytes: 1024 * 1024, flushIntervalMs: 1000, spoolMaxBytes: 1024 ** 3,
      spoolDir: defaultSpoolDir({ XDG_CACHE_HOME: '/cache' }), timeoutMs: 30_000, pollIntervalMs: 250, verbose: false,
      record: { source: 'host-a', json: false, service: undefined, spacecraft: undefined, level: undefined },
    });
  });

  it('files, "-" for stdin alongside them', () => {
    expect(parse(['a.log', 'b/*.log'])).toMatchObject({ files: ['a.log', 'b/*.log'], stdin: false });
    expect(parse(['a.log', '-'])).toMatchObject({ files: ['a.log'], stdin: true });
    expect(parse(['-'])).toMatchObject({ files: [], stdin: true });
  });

  it('flags over environment', () => {
    const env = { OBSERVATORY_URL: 'http://env:1', OBSERVATORY_TOKEN: 'env-token', OBSERVATORY_SPOOL_DIR: '/env-spool' };
    expect(parse([], env)).toMatchObject({ url: 'http://env:1', token: 'env-token', spoolDir: '/env-spool' });
    expect(parse(['--url', 'https://flag:2', '--token', 'flag-token', '--spool-dir', '/flag'], env)).toMatchObject({
      url: 'https://flag:2', token: 'flag-token', spoolDir: '/flag',
    });
  });

  it.each<[string[], Partial<ForwarderOptions>]>([
    [['--batch-lines', '5'], { batchLines: 5 }],
    [['--batch-bytes', '64k'], { batchBytes: 65536 }],
    [['--flush-interval', '200ms'], { flushIntervalMs: 200 }],
    [['--flush-interval', '2'], { flushIntervalMs: 2000 }],
    [['--spool-max-bytes', '2GiB'], { spoolMaxBytes: 2 * 1024 ** 3 }],
    [['--from-start', '--json', '--retry-rejected', '-v'], { fromStart: true, retryRejected: true, verbose: true }],
    [['--level', 'warning', '--service', 'nav', '--spacecraft', 'sc-1', '--source', 'gs'], { record: { level: 'WARN', service: 'nav', spacecraft: 'sc-1', source: 'gs', json: false } }],
  ])('%j', (argv, expected) => {
    expect(parse(argv)).toMatchObject(expected);
  });

  it.each<[string[], RegExp]>([
    [['--url', 'nope'], /^--url: "nope" is not a URL/],
    [['--url', 'ftp://x'], /^--url: must be http/],
    [['--level', 'loud'], /^--level: "loud" is not a level/],
    [['--batch-lines', '0'], /^--batch-lines: 0 is out of range/],
    [['--batch-lines', '1.5'], /^--batch-lines: "1.5" is not a whole number/],
    [['--batch-bytes', '100'], /^--batch-bytes: .*out of range/],
    [['--batch-bytes', 'lots'], /^--batch-bytes: "lots" is not a size/],
    [['--flush-interval', 'soon'], /^--flush-interval: "soon" is not a duration/],
    [['--service', 'x'.repeat(201)], /^--service: longer than 200/],
  ])('%j → UsageError', (argv, reason) => {
    expect(() => parseForwarderArgs(argv, {})).toThrow(UsageError);
    expect(() => parseForwarderArgs(argv, {})).toThrow(reason);
  });

  it('unknown flags are refused; --help wins', () => {
    expect(() => parseForwarderArgs(['--bogus'], {})).toThrow();
    expect(parseForwarderArgs(['--batch-lines', 'x', '--help'], {})).toBe('help');
  });

  it('the usage text documents every flag', () => {
    for (const flag of ['--url', '--token', '--service', '--spacecraft', '--source', '--level', '--json', '--from-start', '--batch-lines',
      '--batch-bytes', '--flush-interval', '--spool-dir', '--spool-max-bytes', '--retry-rejected', '--timeout', '--poll-interval', '--verbose', '--status-interval', 'OBSERVATORY_TOKEN']) {
      expect(USAGE).toContain(flag);
    }
  });
});

describe('sizes, durations, the spool folder', () => {
  it.each([['1048576', 1048576], ['512k', 524288], ['1MiB', 1048576], ['1mb', 1048576], ['2G', 2 * 1024 ** 3], ['10b', 10], ['1.5k', 1536]])('%s → %i bytes', (t, n) => {
    expect(parseSize(t, '--x')).toBe(n);
  });
  it.each([['250ms', 250], ['1s', 1000], ['1.5s', 1500], ['5m', 300_000], ['1h', 3_600_000], ['3', 3000]])('%s → %i ms', (t, n) => {
    expect(parseDuration(t, '--x')).toBe(n);
  });
  it('per platform', () => {
    expect(defaultSpoolDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/observatory/forwarder');
    expect(defaultSpoolDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/observatory/forwarder');
    expect(defaultSpoolDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/Observatory/forwarder');
    expect(defaultSpoolDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U')).toMatch(/Observatory.Cache.forwarder$/);
  });
});
