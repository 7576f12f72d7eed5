import { describe, expect, it } from 'vitest';
import { exportHref } from '../../../../src/renderer/src/features/logs/export-link';
import {
  DEFAULT_LOG_QUERY,
  queryFromParams,
  queryToParams,
  sameQuery,
  toQueryFields,
  withAbsoluteRange,
  withPresetRange,
} from '../../../../src/renderer/src/stores/logs-query';
import {
  addTerm,
  applyFacet,
  correlationQuery,
  fieldTerm,
  fromSavedQuery,
  toSavedQuery,
} from '../../../../src/renderer/src/stores/logs-query-text';

describe('absolute time ranges', () => {
  const zoomed = withAbsoluteRange({ ...DEFAULT_LOG_QUERY, q: 'valve', range: '1h' }, 2_000.6, 1_000.2);

  it('orders and rounds the window and sends it instead of the preset', () => {
    expect(zoomed).toMatchObject({ from: 1_000, to: 2_001, range: '1h' });
    expect(toQueryFields(zoomed)).toEqual({ q: 'valve', from: '1000', to: '2001' });
  });

  it('round-trips through the URL; a broken or reversed window is ignored', () => {
    expect(queryFromParams(queryToParams(zoomed))).toEqual(zoomed);
    expect(queryFromParams(new URLSearchParams('from=5&to=2'))).toEqual(DEFAULT_LOG_QUERY);
    expect(queryFromParams(new URLSearchParams('from=abc&to=2'))).toEqual(DEFAULT_LOG_QUERY);
  });

  it('goes back to a preset, dropping the window', () => {
    const back = withPresetRange(zoomed, '6h');
    expect(back).toEqual({ ...DEFAULT_LOG_QUERY, q: 'valve', range: '6h' });
    expect(sameQuery(back, zoomed)).toBe(false);
    expect(sameQuery(withPresetRange(zoomed), { ...DEFAULT_LOG_QUERY, q: 'valve', range: '1h' })).toBe(true);
  });
});

describe('query text edits', () => {
  it('quotes values the query language would split', () => {
    expect(fieldTerm('host', 'gs-madrid.dsn')).toBe('host:gs-madrid.dsn');
    expect(fieldTerm('host', 'ground station 2')).toBe('host:"ground station 2"');
    expect(fieldTerm('request_id', 'a"b')).toBe('request_id:"a\\"b"');
  });

  it('adds a term once', () => {
    expect(addTerm('', 'host:a')).toBe('host:a');
    expect(addTerm(' valve ', 'host:a')).toBe('valve host:a');
    expect(addTerm('valve host:a', 'host:a')).toBe('valve host:a');
  });

  it('applies facets to the filters, and a source to the text', () => {
    expect(applyFacet(DEFAULT_LOG_QUERY, 'level', 'warn').minLevel).toBe('WARN');
    expect(applyFacet(DEFAULT_LOG_QUERY, 'level', 'LOUD')).toEqual(DEFAULT_LOG_QUERY);
    expect(applyFacet(DEFAULT_LOG_QUERY, 'service', 'power').service).toBe('power');
    expect(applyFacet(DEFAULT_LOG_QUERY, 'spacecraft_id', 'juno').spacecraft).toBe('juno');
    expect(applyFacet({ ...DEFAULT_LOG_QUERY, q: 'valve' }, 'source', 'gs-1').q).toBe('valve host:gs-1');
  });

  it('correlates over all time with no other filters', () => {
    expect(correlationQuery('trace_id', 'abc123')).toEqual({ ...DEFAULT_LOG_QUERY, q: 'trace_id:abc123', range: 'all' });
  });
});

describe('saved searches', () => {
  it('store the API field names and the range as a bound, and restore to the same query', () => {
    const query = { q: 'valve', minLevel: 'ERROR', service: 'power', spacecraft: 'juno', range: '7d' } as const;
    expect(toSavedQuery(query)).toEqual({ q: 'valve', min_level: 'ERROR', service: 'power', spacecraft_id: 'juno', from: 'now-7d' });
    expect(fromSavedQuery(toSavedQuery(query) as Record<string, string>)).toEqual(query);
  });

  it('keep an absolute window, and "all time" as no bound', () => {
    const zoomed = withAbsoluteRange(DEFAULT_LOG_QUERY, 1_000, 5_000);
    expect(toSavedQuery(zoomed)).toEqual({ from: '1000', to: '5000' });
    expect(fromSavedQuery({ from: '1000', to: '5000' })).toMatchObject({ from: 1_000, to: 5_000 });
    expect(toSavedQuery({ ...DEFAULT_LOG_QUERY, range: 'all' })).toEqual({});
    expect(fromSavedQuery({}).range).toBe('all');
    expect(fromSavedQuery({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' })).toMatchObject({
      from: Date.parse('2025-01-01T00:00:00Z'),
    });
  });
});

describe('export link', () => {
  it('carries the format and the same query fields as the search', () => {
    const href = exportHref({ ...DEFAULT_LOG_QUERY, q: 'a b', service: 'nav' }, 'csv');
    const url = new URL(href, 'http://station');
    expect(url.pathname).toBe('/logs/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'csv', q: 'a b', service: 'nav', from: 'now-24h' });
  });
});
