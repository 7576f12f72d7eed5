import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../../src/core/export/csv';
import { csvLine, ndjsonLine } from '../../../../src/core/export/log-export';

describe('csvCell', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`], // defused, then quoted for the CR
    ['=A1,B1', `"'=A1,B1"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['plain', 'plain'],
    ['a = b', 'a = b'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['{"a":1,"b":"=x"}', '"{""a"":1,""b"":""=x""}"'],
  ])('%j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('writes null as an empty field, numbers as they are, records CRLF-terminated', () => {
    expect(csvRow([1, null, 'x', -3])).toBe('1,,x,-3\r\n');
    expect(csvCell(null)).toBe('');
  });
});

describe('export lines', () => {
  const row = {
    id: 7, timestamp: 1_768_000_000_000, level: 'ERROR' as const, service: '=svc', message: 'pump "A", stalled\n',
    metadata: '{"rpm":0}', spacecraft_id: 'sc-1', request_id: null, trace_id: null, span_id: null, source: null, labels: null, created_at: 1_768_000_000_001,
  };
  it('NDJSON is one JSON object per line with metadata/labels as JSON', () => {
    const line = ndjsonLine(row);
    expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1).toBe(true);
    expect(JSON.parse(line)).toEqual({ ...row, metadata: { rpm: 0 } });
  });
  it('CSV has the ISO time next to epoch ms and defuses text cells', () => {
    expect(csvLine(row)).toBe(`7,2026-01-09T23:06:40.000Z,1768000000000,ERROR,'=svc,sc-1,,,,,"pump ""A"", stalled\n","{""rpm"":0}",,1768000000001\r\n`);
  });
});
