import { describe, expect, it } from 'vitest';
import { SyslogFramer } from '../../../src/syslog/framing';

type Frame = [string, boolean];

function frames(chunks: (string | Buffer)[], maxFrame?: number, end = true): Frame[] {
  const framer = new SyslogFramer(maxFrame);
  const out: Frame[] = [];
  const sink = (f: Buffer, cut: boolean) => out.push([f.toString('utf8'), cut]);
  for (const c of chunks) framer.push(typeof c === 'string' ? Buffer.from(c) : c, sink);
  if (end) framer.end(sink);
  return out;
}

const counted = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;

describe('SyslogFramer', () => {
  it.each<[string, string, string[]]>([
    ['LF lines', '<13>a\n<13>b\n', ['<13>a', '<13>b']],
    ['CRLF lines', '<13>a\r\n<13>b\r\n', ['<13>a', '<13>b']],
    ['empty lines are skipped', '\n\n<13>a\n\r\n\n<13>b\n', ['<13>a', '<13>b']],
    ['octet-counted frames back to back', counted('<13>a b') + counted('<14>c\nd'), ['<13>a b', '<14>c\nd']],
    ['octet-counted frames with an LF after each', `${counted('<13>a')}\n${counted('<13>b')}\n`, ['<13>a', '<13>b']],
    ['framing decided per frame', `<13>lf one\n${counted('<13>counted')}<13>lf two\n`, ['<13>lf one', '<13>counted', '<13>lf two']],
    ['digits and a space but no < is a line, not a count', '42 apples\n<13>next\n', ['42 apples', '<13>next']],
    ['a zero count is a line', '0 <13>x\n', ['0 <13>x']],
    ['ten digits are not a count', '1234567890 <13>x\n', ['1234567890 <13>x']],
    ['digits without a space are a line', '123abc\n', ['123abc']],
    ['a last line without LF is delivered at the end', '<13>a\n<13>b', ['<13>a', '<13>b']],
    ['only digits at the end are delivered as a line', '<13>a\n123', ['<13>a', '123']],
    ['a counted frame cut short by the peer is delivered as it came', `${'20 <13>only'}`, ['<13>only']],
    ['UTF-8 and a BOM pass through as bytes', '<13>\uFEFFwärme\n', ['<13>\uFEFFwärme']],
  ])('%s', (_name, stream, expected) => {
    expect(frames([stream])).toEqual(expected.map((f) => [f, false]));
  });

  it('gives the same frames however the bytes are split', () => {
    const stream = `<13>one\r\n${counted('<13>two\nlines')}\n\n42 not a count\n${counted('<13>' + 'x'.repeat(300))}<13>last\n12`;
    const whole = frames([stream]);
    expect(whole.map((f) => f[0])).toEqual(['<13>one', '<13>two\nlines', '42 not a count', '<13>' + 'x'.repeat(300), '<13>last', '12']);
    const bytes = Buffer.from(stream);
    expect(frames([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; ) {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const n = 1 + (seed % 40);
        chunks.push(bytes.subarray(i, i + n));
        i += n;
      }
      expect(frames(chunks)).toEqual(whole);
    }
  });

  it('an LF line over the limit is cut at once, the rest skipped to its LF', () => {
    const framer = new SyslogFramer(100);
    const out: Frame[] = [];
    const sink = (f: Buffer, cut: boolean) => out.push([f.toString(), cut]);
    framer.push(Buffer.from('<13>' + 'a'.repeat(150)), sink);
    expect(out).toEqual([['<13>' + 'a'.repeat(96), true]]); // delivered before its LF arrives
    framer.push(Buffer.from('b'.repeat(1000)), sink);
    expect(framer.buffered).toBe(0); // skipped bytes are not kept
    framer.push(Buffer.from('bbb\n<13>next\n'), sink);
    expect(out).toEqual([['<13>' + 'a'.repeat(96), true], ['<13>next', false]]);
  });

  it('an LF line over the limit that arrives whole is cut the same way', () => {
    expect(frames(['<13>' + 'a'.repeat(150) + '\n<13>next\n'], 100)).toEqual([['<13>' + 'a'.repeat(96), true], ['<13>next', false]]);
  });

  it('a counted frame over the limit keeps its first bytes, skips the rest, and the next frame is intact', () => {
    const big = '<13>' + 'z'.repeat(996);
    const out = frames([counted(big).slice(0, 300), counted(big).slice(300), counted('<13>after')], 100);
    expect(out).toEqual([[big.slice(0, 100), true], ['<13>after', false]]);
  });

  it('a line exactly at the limit is not cut', () => {
    expect(frames(['<13>' + 'a'.repeat(96) + '\n'], 100)).toEqual([['<13>' + 'a'.repeat(96), false]]);
  });

  it('holds at most the limit plus one read while a line is incomplete', () => {
    const framer = new SyslogFramer(1000);
    const out: Frame[] = [];
    for (let i = 0; i < 100; i++) framer.push(Buffer.from('x'.repeat(64)), (f, cut) => out.push([f.toString(), cut]));
    expect(framer.buffered).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]![1]).toBe(true);
  });
});
