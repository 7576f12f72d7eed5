import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../../src/renderer/src/lib/throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the first call at once and collapses a burst into one trailing call with the last arguments', () => {
    const calls: number[] = [];
    const t = throttle((n: number) => calls.push(n), 1000);
    t(1);
    t(2);
    t(3);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(999);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([1, 3]);
  });

  it('never runs more than once per interval under a steady stream', () => {
    let runs = 0;
    const t = throttle(() => runs++, 1000);
    for (let i = 0; i < 100; i++) {
      t();
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(1000);
    // 5 s of events: the leading call plus about one per second.
    expect(runs).toBeGreaterThanOrEqual(5);
    expect(runs).toBeLessThanOrEqual(6);
  });

  it('cancel drops the pending trailing call', () => {
    let runs = 0;
    const t = throttle(() => runs++, 1000);
    t();
    t();
    t.cancel();
    vi.advanceTimersByTime(2000);
    expect(runs).toBe(1);
  });
});
