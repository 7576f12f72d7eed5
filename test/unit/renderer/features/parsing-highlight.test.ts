import { describe, expect, it } from 'vitest';
import { colourOf, segmentsOf } from '../../../../src/renderer/src/features/parsing/highlight';

describe('segmentsOf', () => {
  it('cuts a line into plain and captured pieces', () => {
    expect(segmentsOf('pass 42 on gs1', [{ field: 'station', start: 11, end: 14 }, { field: 'pass', start: 5, end: 7 }])).toEqual([
      { text: 'pass ', field: null },
      { text: '42', field: 'pass' },
      { text: ' on ', field: null },
      { text: 'gs1', field: 'station' },
    ]);
  });

  it('keeps the outer of nested spans and ignores spans outside the line', () => {
    expect(segmentsOf('abcdef', [{ field: 'in', start: 2, end: 3 }, { field: 'out', start: 1, end: 4 }, { field: 'x', start: 5, end: 99 }])).toEqual([
      { text: 'a', field: null },
      { text: 'bcd', field: 'out' },
      { text: 'ef', field: null },
    ]);
  });

  it('gives each field a stable colour', () => {
    expect(colourOf('b', ['a', 'b'])).toBe(1);
    expect(colourOf('g', ['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(0);
  });
});
