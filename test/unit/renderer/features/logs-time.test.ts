import { describe, expect, it } from 'vitest';
import { globalRangeOf, isAllTime, logsLinkParams, logsParams, queryFromUrl, withAllTime, withGlobalRange } from '../../../../src/renderer/src/features/logs/logs-time';
import { DEFAULT_LOG_QUERY, sameQuery, type LogQuery } from '../../../../src/renderer/src/stores/logs-query';
import type { TimeRange } from '../../../../src/renderer/src/stores/time-range';

const q = (over: Partial<LogQuery> = {}): LogQuery => ({ ...DEFAULT_LOG_QUERY, q: 'thruster', ...over });
const hour: TimeRange = { kind: 'relative', last: '1h' };
const fixed: TimeRange = { kind: 'absolute', from: 1_700_000_000_000, to: 1_700_000_600_000 };

describe('logs on the global time range', () => {
  it('a search window is a global range, except all time', () => {
    expect(globalRangeOf(q({ range: '6h' }))).toEqual({ kind: 'relative', last: '6h' });
    expect(globalRangeOf(q({ range: '5m' }))).toEqual({ kind: 'relative', last: '5m' });
    expect(globalRangeOf(q({ from: 1, to: 5000 }))).toEqual({ kind: 'absolute', from: 1, to: 5000 });
    expect(globalRangeOf(q({ range: 'all' }))).toBeNull();
    expect(isAllTime(withAllTime(q({ from: 1, to: 5000 })))).toBe(true);
  });

  it('puts a search on a global range, dropping all time; a fixed window reads back equal', () => {
    expect(withGlobalRange(q({ range: 'all' }), hour)).toEqual(q({ range: '1h' }));
    const onFixed = withGlobalRange(q({ range: '6h' }), fixed);
    expect(onFixed).toMatchObject({ from: fixed.from, to: fixed.to });
    const back = queryFromUrl(logsParams(onFixed), hour);
    expect(sameQuery(back, onFixed)).toBe(true);
  });

  it('writes the window as the shared time= (or range=all), the filters as before', () => {
    expect(logsParams(q({ range: '1h', minLevel: 'WARN' })).toString()).toBe('q=thruster&min_level=WARN&time=1h');
    expect(logsParams(withGlobalRange(q(), fixed)).toString()).toBe(`q=thruster&time=${fixed.from}_${(fixed as { to: number }).to}`);
    expect(logsParams(q({ range: 'all' })).toString()).toBe('q=thruster&range=all');
    // The navigation's link keeps the filters but not the window: the picker is shared.
    expect(logsLinkParams(q({ range: '1h', service: 'power' })).toString()).toBe('q=thruster&service=power');
    expect(logsLinkParams(q({ range: 'all' })).toString()).toBe('q=thruster&range=all');
  });

  it('reads range=all first, then time=, then an old link’s range or from/to, else the current range', () => {
    const current: TimeRange = { kind: 'relative', last: '15m' };
    expect(queryFromUrl(new URLSearchParams('q=x&range=all&time=1h'), current)).toMatchObject({ q: 'x', range: 'all' });
    expect(queryFromUrl(new URLSearchParams('q=x&time=6h&range=24h'), current)).toMatchObject({ range: '6h' });
    expect(queryFromUrl(new URLSearchParams('q=x&range=7d'), current)).toMatchObject({ range: '7d' });
    expect(queryFromUrl(new URLSearchParams('from=1000&to=9000'), current)).toMatchObject({ from: 1000, to: 9000 });
    expect(queryFromUrl(new URLSearchParams('q=x'), current)).toMatchObject({ q: 'x', range: '15m' });
    expect(queryFromUrl(new URLSearchParams('q=x'), current).from).toBeUndefined();
    // A hand-edited time= that means nothing falls back to the current range.
    expect(queryFromUrl(new URLSearchParams('time=yesterday'), current)).toMatchObject({ range: '15m' });
  });
});
