import { describe, expect, it } from 'vitest';
import { ExportLineCounter } from '../../../../src/shared/api/schemas/log-stream';

describe('ExportLineCounter', () => {
  it('counts NDJSON lines across chunks cut anywhere', () => {
    const c = new ExportLineCounter('ndjson');
    const text = '{"a":"x\\ny"}\n{"b":1}\n{"c":2}\n';
    for (let i = 0; i < text.length; i += 5) c.add(text.slice(i, i + 5));
    expect(c.lines).toBe(3);
  });

  it('counts CSV records, not the header, with quoted line breaks and "" escapes split across chunks', () => {
    const text = 'id,message\n1,"a\nb ""q"" c"\n2,plain\n3,"x,\r\ny"\n';
    for (const size of [1, 2, 3, 7, text.length]) {
      const c = new ExportLineCounter('csv');
      for (let i = 0; i < text.length; i += size) c.add(text.slice(i, i + size));
      expect(c.lines).toBe(3);
    }
    expect(new ExportLineCounter('csv').add('id,message\n')).toBe(0);
  });
});
