import { describe, expect, it } from 'vitest';
import { applySuggestion, completionContext, metaPaths, quoteValue, suggestions } from '../../../../src/renderer/src/features/logs/query-complete';
import { logEntry } from '../fixtures';

const at = (text: string) => completionContext(text.replace('|', ''), text.indexOf('|'));

describe('completionContext', () => {
  it('sees a field name being typed, after a space, a paren or a minus', () => {
    expect(at('valve ser|')).toEqual({ kind: 'field', prefix: 'ser', start: 6, end: 9 });
    expect(at('(le|')).toMatchObject({ kind: 'field', prefix: 'le', start: 1 });
    expect(at('-sp|')).toMatchObject({ kind: 'field', prefix: 'sp', start: 1 });
  });

  it('sees a value after a known field and its operator, quoted or not', () => {
    expect(at('service:na|')).toEqual({ kind: 'value', field: 'service', source: 'service', prefix: 'na', start: 8, end: 10 });
    expect(at('host:"gs |')).toMatchObject({ kind: 'value', source: 'source', prefix: 'gs ' });
    expect(at('spacecraft:|')).toMatchObject({ kind: 'value', source: 'spacecraft_id', prefix: '' });
    expect(at('level>=w|')).toMatchObject({ kind: 'value', source: 'level', prefix: 'w' });
  });

  it('offers nothing inside a phrase, on an operator, after an unknown field or on an empty term', () => {
    expect(at('"valve st|')).toBeNull();
    expect(at('a OR|')).toBeNull();
    expect(at('colour:r|')).toBeNull();
    expect(at('a |')).toBeNull();
    expect(at('trace_id:ab|')).toBeNull();
  });
});

describe('suggestions', () => {
  it('field names by prefix, metadata paths included', () => {
    const ctx = at('s|')!;
    expect(suggestions(ctx, [], ['meta.sensor']).map((s) => s.insert)).toEqual(['service:', 'spacecraft:', 'source:']);
    expect(suggestions(at('meta.d|')!, [], ['meta.duration_ms', 'meta.pass']).map((s) => s.insert)).toEqual(['meta.duration_ms:']);
  });

  it('values that start with the prefix first, then values containing it; levels need no station', () => {
    const ctx = at('service:na|')!;
    expect(suggestions(ctx, ['power', 'nav', 'comms-nav', 'navigation'], []).map((s) => s.label)).toEqual(['nav', 'navigation', 'comms-nav']);
    expect(suggestions(at('level:e|')!, [], []).map((s) => s.label)).toEqual(['error', 'debug']);
  });

  it('picking replaces the whole term and moves past it', () => {
    const text = 'valve service:na x';
    const ctx = completionContext(text, 16)!;
    expect(applySuggestion(text, ctx, { insert: 'navigation', label: 'navigation' })).toEqual({ text: 'valve service:navigation x', caret: 25 });
    const f = completionContext('ser', 3)!;
    expect(applySuggestion('ser', f, { insert: 'service:', label: 'service:' })).toEqual({ text: 'service:', caret: 8 });
    const v = completionContext('host:gs', 7)!;
    expect(applySuggestion('host:gs', v, { insert: quoteValue('gs madrid'), label: 'gs madrid' })).toEqual({ text: 'host:"gs madrid" ', caret: 17 });
  });
});

describe('metaPaths', () => {
  it('lists metadata leaf paths by how often they occur, skipping keys the language cannot name', () => {
    const entries = [
      { ...logEntry(1), metadata: { pass: 1, bus: { volts: 28 } } },
      { ...logEntry(2), metadata: { pass: 2, 'bad key': 1, list: [1, 2] } },
      { ...logEntry(3), metadata: null },
    ];
    expect(metaPaths(entries)).toEqual(['meta.pass', 'meta.bus.volts', 'meta.list']);
  });
});
