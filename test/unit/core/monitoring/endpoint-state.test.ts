import { describe, expect, it } from 'vitest';
import { nextEndpointState, type EndpointState } from '../../../../src/core/monitoring/endpoint-state';

/** Runs a sequence of check outcomes and returns the status after each. */
function run(checks: string, retries: number, start: EndpointState = { status: 'unknown', failures: 0 }): string {
  let s = start;
  let out = '';
  for (const c of checks) {
    const n = nextEndpointState(s, c === '+', retries);
    out += n.status === 'up' ? 'U' : n.status === 'down' ? 'D' : '?';
    if (n.changed) out += '!';
    s = n;
  }
  return out;
}

describe('nextEndpointState', () => {
  it.each([
    ['+', 0, 'U!'],
    ['-', 0, 'D!'],
    ['+-', 0, 'U!D!'],
    ['+-', 2, 'U!U'],
    ['+---', 2, 'U!UUD!'],
    ['+--+--', 2, 'U!UUUUU'],
    ['---', 2, '??D!'],
    ['---+', 1, '?D!DU!'],
    ['+---+', 0, 'U!D!DDU!'],
  ])('%s with %i retries → %s', (checks, retries, expected) => {
    expect(run(checks, retries)).toBe(expected);
  });
});
