/**
 * A commit evaluates only the rules it could affect (issue #6: 1 000 rules under a live ingest).
 * Real SQLite, the real engine and a fake clock: data breaching two rules is stored, but the
 * commit summary names one of them; only that one may fire before the interval comes round.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TouchedCollector, type CommitTouched } from '../../../../src/core/ingest/commit-touched';
import type { LogRecord } from '../../../../src/core/db/repos/logs';
import type { MetricSample } from '../../../../src/core/db/repos/metrics';
import { logRecord } from '../fixtures';
import { harness, MIN, S, T0 } from './support';

function summary(lines: LogRecord[], samples: MetricSample[]): CommitTouched {
  const c = new TouchedCollector();
  for (const l of lines) c.addLog(l);
  for (const s of samples) c.addMetric(s.metric_name);
  return c.result();
}

const sample = (name: string, value: number, at: number): MetricSample => ({ metric_name: name, value, unit: null, timestamp: at, source_system: null, tags: null });

describe('ingest-driven evaluation picks the rules a commit could affect', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function started() {
    vi.useFakeTimers({ now: T0 });
    const h = harness();
    const onX = h.rule({ rule_name: 'on X', condition: 'last(temp.x)' });
    const onY = h.rule({ rule_name: 'on Y', condition: 'max by (unit) (max_over_time(temp.y[5m]))' });
    const wheel = h.rule({ rule_name: 'wheel errors', kind: 'log_match', condition: 'service:wheel level>=error', threshold: 0 });
    const valve = h.rule({ rule_name: 'valve stuck', kind: 'log_match', condition: '"valve stuck"', threshold: 0 });
    const quiet = h.rule({ rule_name: 'quiet', kind: 'absence', condition: 'metric temp.x', threshold: 1 });
    h.engine.start();
    const evaluated = vi.spyOn(h.engine, 'evaluate');
    const names = () => evaluated.mock.calls.map(([r]) => r.rule_name).sort();
    return { h, onX, onY, wheel, valve, quiet, evaluated, names };
  }

  it('a commit of metric X evaluates the rule on X, not the rule on Y (whose data also breaches)', () => {
    const { h, onX, onY, evaluated, names } = started();
    const at = T0 + S;
    h.clock.now = at;
    const x = [sample('temp.x', 99, at)];
    h.metrics.insertMany([...x, sample('temp.y', 99, at)]);

    h.engine.dataArrived(summary([], x));
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on X']);
    expect(h.status(onX.id)).toBe('firing');
    expect(h.status(onY.id)).toBe('none');

    // The interval still evaluates every rule: Y fires there.
    evaluated.mockClear();
    h.clock.now = T0 + 10 * S;
    vi.advanceTimersByTime(10 * S);
    expect(names()).toContain('on Y');
    expect(names()).toContain('quiet');
    expect(h.status(onY.id)).toBe('firing');
    h.engine.stop();
  });

  it('a metric query rule is evaluated when a metric it selects arrives', () => {
    const { h, onY, names } = started();
    const at = T0 + S;
    h.clock.now = at;
    const y = [sample('temp.y', 99, at)];
    h.metrics.insertMany(y);
    h.engine.dataArrived(summary([], y));
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on Y']);
    expect(h.status(onY.id)).toBe('firing');
    h.engine.stop();
  });

  it('log rules: field filters and words of the lines decide; absence rules never run on ingest', () => {
    const { h, wheel, valve, evaluated, names } = started();
    const at = T0 + S;
    h.clock.now = at;
    const pump = [logRecord({ timestamp: at, level: 'ERROR', service: 'pump', message: 'valve ok' })];
    h.logs.insertBatch(pump, at);
    h.engine.dataArrived(summary(pump, []));
    vi.advanceTimersByTime(100);
    // Service pump cannot match service:wheel; "valve ok" holds no "stuck".
    expect(names()).toEqual([]);

    const wheelLine = [logRecord({ timestamp: at, level: 'CRITICAL', service: 'wheel', message: 'Valve STUCK at 40%' })];
    h.logs.insertBatch(wheelLine, at);
    h.engine.dataArrived(summary(wheelLine, []));
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['valve stuck', 'wheel errors']);
    expect(h.status(wheel.id)).toBe('firing');
    expect(h.status(valve.id)).toBe('firing');
    expect(evaluated.mock.calls.some(([r]) => r.kind === 'absence')).toBe(false);
    h.engine.stop();
  });

  it('commits coalesced within 100 ms are merged; one without a summary evaluates every ingest rule', () => {
    const { h, names } = started();
    h.engine.dataArrived(summary([], [sample('temp.x', 1, T0)]));
    h.engine.dataArrived(summary([], [sample('temp.y', 1, T0)]));
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on X', 'on Y']);

    h.engine.dataArrived(summary([], [sample('temp.x', 1, T0)]));
    h.engine.dataArrived();
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on X', 'on X', 'on Y', 'on Y', 'valve stuck', 'wheel errors']);
    h.engine.stop();
  });

  it('an ingest evaluation that failed is retried on the next tick, not left to the interval', () => {
    const { h, onX, evaluated, names } = started();
    const at = T0 + S;
    h.clock.now = at;
    const x = [sample('temp.x', 99, at)];
    h.metrics.insertMany(x);
    evaluated.mockImplementationOnce(() => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    h.engine.dataArrived(summary([], x));
    vi.advanceTimersByTime(100);
    expect(h.errors).toHaveLength(1);
    expect(h.status(onX.id)).toBe('none');
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on X', 'on X']);
    expect(h.status(onX.id)).toBe('firing');
    h.engine.stop();
  });

  it('a rule created, edited or deleted is seen by the next ingest evaluation', () => {
    const { h, onX, names, evaluated } = started();
    const z = h.rule({ rule_name: 'on Z', condition: 'last(temp.z)' });
    h.engine.dataArrived(summary([], [sample('temp.z', 1, T0)]));
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on Z']);

    evaluated.mockClear();
    h.repo.rules.update(onX.id, { ...onX, condition: 'last(temp.z)' }, 'update', 'test', T0 + MIN);
    h.repo.rules.delete(z.id);
    h.engine.dataArrived(summary([], [sample('temp.z', 1, T0)]));
    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['on X']);
    h.engine.stop();
  });
});
