import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PORT, DEFAULT_SYSLOG_PORT, flagValue, launchOptions, parsePort } from '../../../src/main/launch-options';

describe('launch options', () => {
  it('reads --port in both spellings, before the environment', () => {
    expect(launchOptions(['electron', '.', '--port=5000'], { OBSERVATORY_PORT: '6000' }).port).toBe(5000);
    expect(launchOptions(['electron', '.', '--port', '5001'], {}).port).toBe(5001);
    expect(launchOptions(['electron', '.'], { OBSERVATORY_PORT: '6000' }).port).toBe(6000);
    expect(launchOptions(['electron', '.'], {}).port).toBe(DEFAULT_PORT);
  });

  it('falls back to the default port on nonsense, and says so', () => {
    const warn = vi.fn();
    expect(launchOptions(['--port=http'], {}, warn).port).toBe(DEFAULT_PORT);
    expect(launchOptions(['--port=70000'], {}, warn).port).toBe(DEFAULT_PORT);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('accepts 0 for an ephemeral port', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('-1')).toBeUndefined();
  });

  it('takes an isolated data dir from --data-dir, --user-data-dir or the environment', () => {
    expect(launchOptions(['--user-data-dir=/tmp/a'], {}).dataDir).toBe('/tmp/a');
    expect(launchOptions(['--data-dir', '/tmp/b', '--user-data-dir=/tmp/a'], {}).dataDir).toBe('/tmp/b');
    expect(launchOptions([], { OBSERVATORY_DATA_DIR: '/tmp/c' }).dataDir).toBe('/tmp/c');
    expect(launchOptions([], {}).dataDir).toBeUndefined();
  });

  it('does not take the next switch as a value', () => {
    expect(flagValue(['--port', '--inspect'], 'port')).toBeUndefined();
  });
});

describe('syslog port', () => {
  it('defaults to 5514, takes --syslog-port or OBSERVATORY_SYSLOG_PORT, and "off" turns it off', () => {
    expect(launchOptions(['electron', '.'], {}).syslogPort).toBe(DEFAULT_SYSLOG_PORT);
    expect(launchOptions(['--syslog-port=1514'], { OBSERVATORY_SYSLOG_PORT: '2514' }).syslogPort).toBe(1514);
    expect(launchOptions([], { OBSERVATORY_SYSLOG_PORT: '2514' }).syslogPort).toBe(2514);
    expect(launchOptions(['--syslog-port', 'off'], {}).syslogPort).toBeNull();
  });

  it('warns about an invalid one and keeps the default', () => {
    const warn = vi.fn();
    expect(launchOptions(['--syslog-port=loud'], {}, warn).syslogPort).toBe(DEFAULT_SYSLOG_PORT);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('syslog port'));
  });
});
