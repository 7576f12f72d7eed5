import { describe, expect, it } from 'vitest';
import {
  absoluteRange,
  createTimeRangeStore,
  isLive,
  presetMs,
  rangeFromParam,
  rangeToParam,
  resolveRange,
  stepFor,
  TIME_PRESETS,
} from '../../../../src/renderer/src/stores/time-range';

const NOW = 1_700_000_000_000;

describe('time range', () => {
  it('resolves presets against now and absolute ranges as they are', () => {
    expect(resolveRange({ kind: 'relative', last: '15m' }, NOW)).toEqual({ from: NOW - 900_000, to: NOW });
    expect(resolveRange({ kind: 'relative', last: '7d' }, NOW)).toEqual({ from: NOW - 7 * 86_400_000, to: NOW });
    expect(resolveRange({ kind: 'absolute', from: 5, to: 5_000 }, NOW)).toEqual({ from: 5, to: 5_000 });
    expect(TIME_PRESETS.map(presetMs)).toEqual([...TIME_PRESETS.map(presetMs)].sort((a, b) => a - b));
  });

  it('round-trips through the URL parameter and refuses anything else', () => {
    for (const range of [{ kind: 'relative', last: '6h' }, { kind: 'absolute', from: NOW - 3_600_000, to: NOW }] as const) {
      expect(rangeFromParam(rangeToParam(range))).toEqual(range);
    }
    for (const bad of [null, '', '2h', 'now-1h', '5_4', '10_10', 'a_b', '1_2_3', '-5_10', `${NOW}_${NOW + 999}`, '9'.repeat(20) + '_1']) {
      expect(rangeFromParam(bad)).toBeNull();
    }
    expect(rangeFromParam(`${NOW + 5000}_${NOW}`)).toEqual({ kind: 'absolute', from: NOW, to: NOW + 5000 }); // a hand-swapped link still works
  });

  it('orders and rounds a brushed range, and refuses slips under a second', () => {
    expect(absoluteRange(2_500.7, 1_000.2)).toEqual({ kind: 'absolute', from: 1_000, to: 2_501 });
    expect(absoluteRange(1_000, 1_500)).toBeNull();
    expect(absoluteRange(Number.NaN, 5_000)).toBeNull();
  });

  it('picks a whole-second step giving about the requested number of points', () => {
    expect(stepFor({ from: 0, to: 3_600_000 }, 240)).toBe('15s');
    expect(stepFor({ from: 0, to: 10_000 }, 240)).toBe('1s');
    expect(stepFor({ from: 0, to: 30 * 86_400_000 }, 250)).toBe('10368s');
  });

  it('live ranges tick and pausing freezes the current window; going live returns to the last preset', () => {
    let clock = NOW;
    const store = createTimeRangeStore(() => clock);
    store.getState().setPreset('15m');
    expect(isLive(store.getState().range)).toBe(true);
    clock += 10_000;
    store.getState().tick();
    expect(store.getState().now).toBe(NOW + 10_000);

    store.getState().setLive(false);
    expect(store.getState().range).toEqual({ kind: 'absolute', from: NOW + 10_000 - 900_000, to: NOW + 10_000 });
    const frozen = store.getState().now;
    clock += 60_000;
    store.getState().tick();
    expect(store.getState().now).toBe(frozen); // fixed: nothing moves

    store.getState().setLive(true);
    expect(store.getState().range).toEqual({ kind: 'relative', last: '15m' });
    expect(store.getState().now).toBe(clock);
  });

  it('a zoom makes the range fixed; an unusable zoom changes nothing', () => {
    const store = createTimeRangeStore(() => NOW);
    expect(store.getState().setAbsolute(NOW - 1_000, NOW - 500)).toBe(false);
    expect(store.getState().range).toEqual({ kind: 'relative', last: '1h' });
    expect(store.getState().setAbsolute(NOW - 60_000, NOW - 30_000)).toBe(true);
    expect(isLive(store.getState().range)).toBe(false);
    store.getState().setRefresh(12_345);
    expect(store.getState().refreshMs).toBe(10_000);
  });
});
