import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOG_QUERY,
  queryFromParams,
  queryToParams,
  sameQuery,
  toSearchInput,
} from '../../../../src/renderer/src/stores/logs-query';

describe('log query', () => {
  it('maps ranges onto relative from bounds, and "all" onto none', () => {
    expect(toSearchInput({ ...DEFAULT_LOG_QUERY, range: '15m' }).from).toBe('now-15m');
    expect(toSearchInput({ ...DEFAULT_LOG_QUERY, range: '30d' }).from).toBe('now-30d');
    expect(toSearchInput({ ...DEFAULT_LOG_QUERY, range: 'all' })).toEqual({ limit: 100 });
  });

  it('passes the cursor for the next page', () => {
    expect(toSearchInput(DEFAULT_LOG_QUERY, 'abc')).toMatchObject({ cursor: 'abc', from: 'now-24h' });
  });

  it('round-trips through the URL and keeps defaults out of it', () => {
    expect(queryToParams(DEFAULT_LOG_QUERY).toString()).toBe('');
    const query = { q: 'thruster "fault 7"', minLevel: 'ERROR', service: 'power', spacecraft: 'SC-2', range: '7d' } as const;
    const back = queryFromParams(new URLSearchParams(queryToParams(query).toString()));
    expect(back).toEqual(query);
  });

  it('ignores junk in a pasted URL', () => {
    expect(queryFromParams(new URLSearchParams('min_level=LOUD&range=1y&q=x'))).toEqual({ ...DEFAULT_LOG_QUERY, q: 'x' });
    expect(queryFromParams(new URLSearchParams('min_level=warn')).minLevel).toBe('WARN');
  });

  it('treats surrounding whitespace in the text as the same search', () => {
    expect(sameQuery({ ...DEFAULT_LOG_QUERY, q: 'a ' }, { ...DEFAULT_LOG_QUERY, q: 'a' })).toBe(true);
    expect(sameQuery({ ...DEFAULT_LOG_QUERY, range: '1h' }, DEFAULT_LOG_QUERY)).toBe(false);
  });
});
