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
    clear_threshold: null,
    measure: 'count',
    interval_ms: 0,
    keep_firing_for_ms: 0,
    m: 1,
    n: 1,
    latching: false,
    annotations: {},
    version: 1,
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
      'metric_threshold says the aggregate and its window',
      rule({ kind: 'metric_threshold', condition: 'cpu', rule_name: 'CPU hot', operator: '>=', threshold: 90 }),
      97,
      'CPU hot: avg(cpu) over 5m is 97 >= threshold 90',
    ],
    ['fractions keep six significant digits', rule({ kind: 'metric_threshold', condition: 'max(t)', rule_name: 'Temp', operator: '<', threshold: 0.5 }), 0.1234567, 'Temp: max(t) over 5m is 0.123457 < threshold 0.5'],
    ['float noise is not shown', rule({ kind: 'metric_threshold', condition: 'sum(s)', rule_name: 'Sum', operator: '>', threshold: 0.3 }), 0.1 + 0.2, 'Sum: sum(s) over 5m is 0.3 > threshold 0.3'],
    ['a zero value', rule({ kind: 'metric_threshold', condition: 'last(up)', rule_name: 'Up', operator: '==', threshold: 0 }), 0, 'Up: last(up) over 5m is 0 == threshold 0'],
    ['a negative value', rule({ kind: 'metric_threshold', condition: 't', rule_name: 'T', operator: '!=', threshold: -1.5 }), -2.25, 'T: avg(t) over 5m is -2.25 != threshold -1.5'],
    ['absence says how long it has been quiet', rule({ kind: 'absence', condition: 'metric heartbeat', rule_name: 'Quiet', threshold: 300 }), 320, 'Quiet: no data for 320 s > threshold 300'],
    ['labels of the series are named', rule({ kind: 'health_below', condition: '*', rule_name: 'Health', operator: '<', threshold: 40 }), 35, 'Health {spacecraft=SAT-1}: health score 35 < threshold 40'],
  ])('%s', (_name, r, value, expected) => {
    expect(alertMessage(r, value, r.kind === 'health_below' ? { spacecraft: 'SAT-1' } : {})).toBe(expected);
  });
});

describe('AlertEngine scheduling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function engine() {
    const repo = { listRules: vi.fn(() => [] as AlertRule[]), rules: { activeRevision: () => '0/' }, shelfExpired: vi.fn(() => []) } as unknown as AlertsRepo;
    const e = new AlertEngine({ repo, kinds: {} as never, events: new EventBus(), now: () => 0, intervalMs: 1000 });
    const all = vi.spyOn(e, 'evaluateAll');
    const spy = vi.spyOn(e, 'evaluateIngested');
    const due = vi.spyOn(e, 'evaluateDue');
    return { e, all, spy, due };
  }

  it('start evaluates at once and then on every interval; stop ends it', () => {
    vi.useFakeTimers();
    const { e, all, due } = engine();
    e.start();
    expect(all).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(due).toHaveBeenCalledTimes(3);
    e.stop();
    vi.advanceTimersByTime(5000);
    expect(due).toHaveBeenCalledTimes(3);
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
    // Commits without a summary: every ingest-driven rule.
    expect(spy).toHaveBeenCalledWith(null);
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
