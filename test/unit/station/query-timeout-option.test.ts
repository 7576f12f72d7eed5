import { describe, expect, it } from 'vitest';
import { parseStationArgs, USAGE, UsageError } from '../../../src/station/options';

const core = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = parseStationArgs(argv, env);
  if (r === 'help') throw new Error('unexpected help');
  return r.core;
};

describe('--query-timeout', () => {
  it('defaults to 2 s and is documented', () => {
    expect(core([])).toMatchObject({ queryTimeoutMs: 2000 });
    expect(USAGE).toMatch(/--query-timeout/);
    expect(USAGE).toMatch(/OBSERVATORY_QUERY_TIMEOUT/);
  });

  it.each<[string, number]>([
    ['500ms', 500],
    ['5s', 5000],
    ['1m', 60_000],
  ])('reads %s', (text, ms) => {
    expect(core(['--query-timeout', text])).toMatchObject({ queryTimeoutMs: ms });
  });

  it('takes the environment, the flag over it', () => {
    expect(core([], { OBSERVATORY_QUERY_TIMEOUT: '3s' })).toMatchObject({ queryTimeoutMs: 3000 });
    expect(core(['--query-timeout', '4s'], { OBSERVATORY_QUERY_TIMEOUT: '3s' })).toMatchObject({ queryTimeoutMs: 4000 });
  });

  it.each(['0s', '10ms', '2', 'fast', '11m', '-1s'])('refuses %j, naming the flag', (text) => {
    expect(() => core([`--query-timeout=${text}`])).toThrow(UsageError);
    expect(() => core([`--query-timeout=${text}`])).toThrow(/^--query-timeout: /);
  });
});
