import { describe, expect, it } from 'vitest';
import { Batcher, ndjson } from '../../../src/forwarder/batcher';

function clock(start = 0) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('Batcher', () => {
  it('completes a batch at maxLines, keeping order', () => {
    const b = new Batcher<number>({ maxLines: 3, maxBytes: 1 << 20, flushIntervalMs: 1000 });
    expect(b.add('a')).toBe(false);
    expect(b.add('b')).toBe(false);
    expect(b.add('c')).toBe(true);
    b.add('d');
    const [first, ...rest] = b.take();
    expect(rest).toEqual([]);
    expect(first?.records).toEqual(['a', 'b', 'c']);
    expect(ndjson(first!)).toBe('a\nb\nc\n');
    expect(b.size).toBe(1);
  });

  it('never lets a batch pass maxBytes: the record that would overflow starts the next', () => {
    const b = new Batcher<number>({ maxLines: 100, maxBytes: 10, flushIntervalMs: 1000 });
    b.add('1234'); // 5 bytes with its newline
    b.add('5678'); // 10: exactly full → completed
    b.add('abc');
    b.add('defghi'); // 4 + 7 > 10 → 'abc' completes alone
    expect(b.take().map((x) => [x.records, x.bytes])).toEqual([[['1234', '5678'], 10], [['abc'], 4]]);
  });

  it('a record larger than maxBytes travels alone, and the one before it is not held back', () => {
    const b = new Batcher<number>({ maxLines: 100, maxBytes: 10, flushIntervalMs: 1000 });
    b.add('ab');
    b.add('x'.repeat(50));
    expect(b.take().map((x) => x.records)).toEqual([['ab'], ['x'.repeat(50)]]);
    expect(b.size).toBe(0);
  });

  it('counts bytes as UTF-8', () => {
    const b = new Batcher<number>({ maxLines: 100, maxBytes: 7, flushIntervalMs: 1000 });
    b.add('ééé'); // 6 bytes + newline
    expect(b.take()[0]?.bytes).toBe(7);
  });

  it('keeps the last mark per source, in first-seen order', () => {
    const b = new Batcher<number>({ maxLines: 100, maxBytes: 1 << 20, flushIntervalMs: 1000 });
    b.add('a', 'f1', 1);
    b.add('b', 'f2', 10);
    b.add('c', 'f1', 2);
    b.add('stdin line');
    b.mark('f2', 11); // an empty line that was skipped still moves the resume point
    b.complete();
    expect([...(b.take()[0]?.marks ?? [])]).toEqual([['f1', 2], ['f2', 11]]);
  });

  it('mark() on an empty batch does nothing (nothing to carry it)', () => {
    const b = new Batcher<number>({ maxLines: 100, maxBytes: 1 << 20, flushIntervalMs: 1000 });
    b.mark('f', 5);
    b.add('x');
    b.complete();
    expect([...(b.take()[0]?.marks ?? [])]).toEqual([]);
  });

  it('is due flushIntervalMs after its first record', () => {
    const c = clock(1000);
    const b = new Batcher<number>({ maxLines: 100, maxBytes: 1 << 20, flushIntervalMs: 500 }, c.now);
    expect(b.due()).toBe(false);
    expect(b.msUntilDue()).toBe(Infinity);
    b.add('a');
    c.t = 1300;
    b.add('b');
    expect(b.due()).toBe(false);
    expect(b.msUntilDue()).toBe(200);
    c.t = 1500;
    expect(b.due()).toBe(true);
    b.complete();
    expect(b.take()).toHaveLength(1);
    expect(b.due()).toBe(false);
    b.complete(); // empty: nothing
    expect(b.take()).toEqual([]);
  });
});
