import { describe, expect, it } from 'vitest';
import { parseTailMessage, tailUrl } from '../../../../src/renderer/src/api/log-tail';

describe('log tail stream helpers', () => {
  it('puts the query fields in the URL, without the time window', () => {
    expect(tailUrl({ q: 'a b', min_level: 'WARN', from: 'now-1h', to: '5' })).toBe('/logs/tail?q=a+b&min_level=WARN');
    expect(tailUrl({})).toBe('/logs/tail');
  });

  it('reads a message and drops junk', () => {
    expect(parseTailMessage('{"lines":[],"matched_per_s":3,"sampled":true,"skipped":7}')).toEqual({ lines: [], matched_per_s: 3, sampled: true, skipped: 7 });
    expect(parseTailMessage('not json')).toBeNull();
    expect(parseTailMessage('{"lines":5}')).toBeNull();
  });
});
