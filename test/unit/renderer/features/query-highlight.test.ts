import { describe, expect, it } from 'vitest';
import { highlightQuery, rejectionPosition } from '../../../../src/renderer/src/features/logs/query-highlight';

const kinds = (q: string) => highlightQuery(q).map((s) => [s.text, s.kind]);

describe('highlightQuery', () => {
  it('covers the text exactly, character for character', () => {
    for (const q of ['', '  a  ', 'level>=warn -"valve stuck"* (a OR b) NOT c', 'meta.x.y:"bus B"* host:*', '"open', 'a)(b', 'ünï cödé 🚀 x:y']) {
      expect(highlightQuery(q).map((s) => s.text).join('')).toBe(q);
    }
  });

  it('names fields, operators, comparisons, phrases, wildcards and parentheses', () => {
    expect(kinds('level>=warn -"valve stuck" (therm* OR service:nav)')).toEqual([
      ['level', 'field'], ['>=', 'compare'], ['warn', 'value'], [' ', 'space'],
      ['-', 'operator'], ['"valve stuck"', 'phrase'], [' ', 'space'],
      ['(', 'paren'], ['therm', 'word'], ['*', 'wildcard'], [' ', 'space'], ['OR', 'operator'], [' ', 'space'],
      ['service', 'field'], [':', 'compare'], ['nav', 'value'], [')', 'paren'],
    ]);
    expect(kinds('NOT a AND spacecraft:voyager-*')).toEqual([
      ['NOT', 'operator'], [' ', 'space'], ['a', 'word'], [' ', 'space'], ['AND', 'operator'], [' ', 'space'],
      ['spacecraft', 'field'], [':', 'compare'], ['voyager-', 'value'], ['*', 'wildcard'],
    ]);
  });

  it('marks unknown field names, but not URLs, which the station reads as text', () => {
    expect(kinds('colour:red')[0]).toEqual(['colour', 'unknown-field']);
    expect(kinds('meta.pass:42')[0]).toEqual(['meta.pass', 'field']);
    expect(kinds('http://x/y')).toEqual([['http://x/y', 'word']]);
  });

  it('puts a hint on the term it points at (all of a field term) and a refusal on its character', () => {
    const segs = highlightQuery('a colour:red b', [{ position: 2, message: 'colour is not a field' }, { position: null, message: 'whole' }]);
    expect(segs.filter((s) => s.hint).map((s) => s.text)).toEqual(['colour', ':', 'red']);
    const refused = highlightQuery('a) b', [], { position: 1, message: 'unbalanced parenthesis at position 1' });
    expect(refused.filter((s) => s.hint)).toEqual([{ text: ')', kind: 'paren', hint: 'unbalanced parenthesis at position 1' }]);
  });

  it('reads the position out of the station refusal', () => {
    expect(rejectionPosition('q: unbalanced parenthesis at position 7')).toBe(7);
    expect(rejectionPosition('something else')).toBeNull();
    expect(rejectionPosition(null)).toBeNull();
  });
});
