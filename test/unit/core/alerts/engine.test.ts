import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertEngine, alertMessage, compare } from '../../../../src/core/alerts/engine';
import type { AlertsRepo } from '../../../../src/core/db/repos/alerts';
import { EventBus } from '../../../../src/core/events';
import type { AlertRule, Operator } from '../../../../src/shared/api/schemas/alerts';

describe('compare', () => {
  it.each<[number, Operator, number, boolean]>([
    [2, '>', 1, true],
    [1, '>', 1, false],
    [0, '>', 1, false],
    [1, '>=', 1, true],
    [2, '>=', 1, true],
    [0.999, '>=', 1, false],
    [0, '<', 1, true],
    [1, '<', 1, false],
    [2, '<', 1, false],
    [1, '<=', 1, true],
    [0, '<=', 1, true],
    [1.001, '<=', 1, false],
    [1, '==', 1, true],
    [1, '==', 1.5, false],
    [0, '==', -0, true],
    [1, '!=', 2, true],
    [1, '!=', 1, false],
    [-5, '<', -4, true],
    [Number.NaN, '!=', 1, true],
    [Number.NaN, '==', Number.NaN, false],
  ])('%d %s %d → %s', (value, op, threshold, expected) => {
    expect(compare(value, op, threshold)).toBe(expected);
  });
});

function rule(o: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 1,
    rule_name: 'Wheel errors',
    kind: 'log_match',
    condition: 'level>=error',
    operator: '>',
    threshold: 5,
    window: '5m',
    window_ms: 300_000,
    for: '0ms',
    for_ms: 0,
    severity: 'critical',
    is_active: true,
    notification_channels: [],
    labels: {},
    description: null,
    created_at: 0,
    updated_at: 0,
    ...o,
  };
}

describe('alertMessage', () => {
  it.each<[string, AlertRule, number, string]>([
    ['log_match counts lines over the window', rule(), 12, 'Wheel errors: 12 matching lines in 5m > threshold 5'],
    ['an hour window', rule({ window_ms: 3_600_000, operator: '>=', threshold: 1 }), 1, 'Wheel errors: 1 matching lines in 1h >= threshold 1'],
    [
      'metric_threshold says value',
      rule({ kind: 'metric_threshold', rule_name: 'CPU hot', operator: '>=', threshold: 90 }),
      97,
      'CPU hot: value 97 >= threshold 90',
    ],
    ['fractions keep six significant digits', rule({ kind: 'metric_threshold', rule_name: 'Temp', operator: '<', threshold: 0.5 }), 0.1234567, 'Temp: value 0.123457 < threshold 0.5'],
    ['float noise is not shown', rule({ kind: 'metric_threshold', rule_name: 'Sum', operator: '>', threshold: 0.3 }), 0.1 + 0.2, 'Sum: value 0.3 > threshold 0.3'],
    ['a zero value', rule({ kind: 'metric_threshold', rule_name: 'Up', operator: '==', threshold: 0 }), 0, 'Up: value 0 == threshold 0'],
    ['a negative value', rule({ kind: 'metric_threshold', rule_name: 'T', operator: '!=', threshold: -1.5 }), -2.25, 'T: value -2.25 != threshold -1.5'],
  ])('%s', (_name, r, value, expected) => {
    expect(alertMessage(r, value)).toBe(expected);
  });
});

describe('AlertEngine scheduling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function engine() {
    const repo = { listRules: vi.fn(() => [] as AlertRule[]) } as unknown as AlertsRepo;
    const e = new AlertEngine({ repo, kinds: {} as never, events: new EventBus(), now: () => 0, intervalMs: 1000 });
    const spy = vi.spyOn(e, 'evaluateAll');
    return { e, spy };
  }

  it('start evaluates at once and then on every interval; stop ends it', () => {
    vi.useFakeTimers();
    const { e, spy } = engine();
    e.start();
    expect(spy).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(spy).toHaveBeenCalledTimes(4);
    e.stop();
    vi.advanceTimersByTime(5000);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('dataArrived coalesces a burst into one ingest-only evaluation after 100 ms', () => {
    vi.useFakeTimers();
    const { e, spy } = engine();
    e.start();
    spy.mockClear();
    for (let i = 0; i < 50; i++) e.dataArrived();
    vi.advanceTimersByTime(99);
    expect(spy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(true);
    e.dataArrived();
    vi.advanceTimersByTime(100);
    expect(spy).toHaveBeenCalledTimes(2);
    e.stop();
  });

  it('dataArrived does nothing before start or after stop', () => {
    vi.useFakeTimers();
    const { e, spy } = engine();
    e.dataArrived();
    vi.advanceTimersByTime(1000);
    expect(spy).not.toHaveBeenCalled();
    e.start();
    e.stop();
    spy.mockClear();
    e.dataArrived();
    vi.advanceTimersByTime(1000);
    expect(spy).not.toHaveBeenCalled();
  });

  it('stop cancels a pending ingest evaluation', () => {
    vi.useFakeTimers();
    const { e, spy } = engine();
    e.start();
    spy.mockClear();
    e.dataArrived();
    e.stop();
    vi.advanceTimersByTime(1000);
    expect(spy).not.toHaveBeenCalled();
  });
});
