import { describe, expect, it } from 'vitest';
import { ruleKind, ruleKinds } from '../../../../../src/core/alerts/kinds';
import { metricThreshold, parseMetricCondition } from '../../../../../src/core/alerts/kinds/metric-threshold';
import type { Aggregate } from '../../../../../src/core/db/repos/metrics';
import { ApiError } from '../../../../../src/shared/api/errors';

describe('parseMetricCondition', () => {
  it.each<[string, Aggregate, string]>([
    ['cpu', 'avg', 'cpu'],
    ['avg(cpu)', 'avg', 'cpu'],
    ['max( host.cpu.usage_pct )', 'max', 'host.cpu.usage_pct'],
    ['min(x)', 'min', 'x'],
    ['sum(x)', 'sum', 'x'],
    ['count(x)', 'count', 'x'],
    ['last(x)', 'last', 'x'],
    ['  last ( db:wal_bytes )  ', 'last', 'db:wal_bytes'],
    ['_private.metric', 'avg', '_private.metric'],
    ['avg', 'avg', 'avg'],
  ])('%j → %s of %s', (condition, fn, metric) => {
    expect(parseMetricCondition(condition)).toEqual({ fn, metric });
  });

  it.each([
    '',
    '   ',
    'avg()',
    'avg(cpu',
    'avg cpu)',
    'median(cpu)',
    'avg(avg(cpu))',
    '1cpu',
    'cpu-usage',
    'cpu > 90',
    'avg(cpu) > 90',
    'cpu, mem',
    'avg(1x)',
    "cpu'; DROP TABLE system_metrics; --",
  ])('%j → bad_request naming the condition', (condition) => {
    let error: unknown;
    try {
      parseMetricCondition(condition);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('bad_request');
    expect((error as ApiError).message).toMatch(/^condition: /);
  });

  it('validate() refuses what parseMetricCondition refuses', () => {
    expect(() => metricThreshold.validate({ kind: 'metric_threshold', condition: 'avg(cpu)', operator: '>', threshold: 1, window_ms: 1000, measure: 'count' })).not.toThrow();
    expect(() => metricThreshold.validate({ kind: 'metric_threshold', condition: 'avg(', operator: '>', threshold: 1, window_ms: 1000, measure: 'count' })).toThrow(ApiError);
  });
});

describe('rule kind registry', () => {
  it('has one module per kind, found by name', () => {
    expect([...ruleKinds.keys()].sort()).toEqual(['absence', 'endpoint_down', 'health_below', 'log_match', 'metric_threshold', 'rate_of_change']);
    expect(ruleKind('metric_threshold')).toBe(metricThreshold);
  });

  it('throws for a kind without a module', () => {
    expect(() => ruleKind('nope' as never)).toThrow(/no module for alert rule kind nope/);
  });
});
