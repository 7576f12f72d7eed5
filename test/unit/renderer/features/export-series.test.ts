import { describe, expect, it } from 'vitest';
import { csvCell, exportFileName, seriesToCsv } from '../../../../src/renderer/src/features/metrics/export-series';

describe('explorer exports', () => {
  it('writes one row per timestamp with empty cells where a series has no sample', () => {
    const csv = seriesToCsv([
      { name: 'a{x="1"}', points: [[0, 1], [60_000, 2]] },
      { name: 'b', points: [[60_000, 5], [120_000, 6]] },
    ]);
    expect(csv).toBe(
      'time,epoch_ms,"a{x=""1""}",b\n' +
        '1970-01-01T00:00:00.000Z,0,1,\n' +
        '1970-01-01T00:01:00.000Z,60000,2,5\n' +
        '1970-01-01T00:02:00.000Z,120000,,6\n',
    );
  });

  it('neutralises spreadsheet formulas in labels', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('plain')).toBe('plain');
  });

  it('names files by what and when, safely', () => {
    expect(exportFileName('png', Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('observatory-metrics-2026-01-02-03-04-05.png');
    expect(exportFileName('json', 0, '../Power bus / A')).toBe('Power-bus-A-1970-01-01-00-00-00.json');
  });
});
