/**
 * AlertEngine state machine against a real in-memory database and a fake clock:
 * normal → pending (for `for`) → firing → (acknowledged) → resolved, one event per transition.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewRule } from '../../../../src/core/db/repos/alerts';
import { harness, MIN, S, T0, type Harness } from './support';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.db.close());

/** The rule these transitions are about: any ERROR line in the last 5 minutes. */
const createRule = (o: Partial<NewRule> = {}) => h.rule({ kind: 'log_match', condition: 'level>=error', threshold: 0, ...o });
const errorLine = (at: number, message?: string) => h.errorLine(at, message);
const tick = (at: number) => h.tick(at);
const openStatus = (ruleId: number) => h.status(ruleId);

describe('AlertEngine transitions', () => {
  it('for=0 fires at once, once; resolves once when the condition clears', () => {
    const r = createRule();
    expect(tick(T0)).toEqual([]);
    expect(openStatus(r.id)).toBe('none');

    errorLine(T0 + S);
    expect(tick(T0 + 2 * S)).toEqual(['alert.fired:firing']);
    const fired = h.repo.openAlert(r.id)!;
    expect(fired).toMatchObject({ status: 'firing', value: 1, triggered_at: T0 + 2 * S, message: `${r.rule_name}: 1 matching lines in 5m > threshold 0` });

    errorLine(T0 + 3 * S);
    expect(tick(T0 + 4 * S)).toEqual([]);
    expect(h.repo.openAlert(r.id)).toMatchObject({ id: fired.id, status: 'firing', value: 2 });

    // Both lines leave the 5-minute window.
    expect(tick(T0 + 3 * S + 5 * MIN + 1)).toEqual(['alert.updated:resolved']);
    expect(openStatus(r.id)).toBe('none');
    expect(h.repo.getAlert(fired.id)).toMatchObject({ status: 'resolved', resolved_at: T0 + 3 * S + 5 * MIN + 1, value: 0 });
    expect(tick(T0 + 10 * MIN)).toEqual([]);
    expect(h.events).toHaveLength(2);
  });

  it('for=60s: pending, still pending at for−1s, firing at for+1s, then resolved', () => {
    const r = createRule({ for_ms: 60 * S });
    errorLine(T0);
    expect(tick(T0)).toEqual(['alert.updated:pending']);
    const pending = h.repo.openAlert(r.id)!;
    expect(pending).toMatchObject({ status: 'pending', started_at: T0 });

    expect(tick(T0 + 30 * S)).toEqual([]);
    expect(tick(T0 + 59 * S)).toEqual([]);
    expect(openStatus(r.id)).toBe('pending');

    expect(tick(T0 + 61 * S)).toEqual(['alert.fired:firing']);
    expect(h.repo.openAlert(r.id)).toMatchObject({ id: pending.id, status: 'firing', triggered_at: T0 + 61 * S });
    expect(tick(T0 + 62 * S)).toEqual([]);

    expect(tick(T0 + 6 * MIN)).toEqual(['alert.updated:resolved']);
    expect(h.events.map((e) => e.type)).toEqual(['alert.updated', 'alert.fired', 'alert.updated']);
  });

  it('fires at exactly `for`', () => {
    const r = createRule({ for_ms: 60 * S });
    errorLine(T0);
    tick(T0);
    expect(tick(T0 + 60 * S)).toEqual(['alert.fired:firing']);
    expect(openStatus(r.id)).toBe('firing');
  });

  it('a breach that clears before `for` never fires, and the next breach starts `for` again', () => {
    const r = createRule({ for_ms: 60 * S, window_ms: 10 * S });
    errorLine(T0);
    expect(tick(T0)).toEqual(['alert.updated:pending']);
    expect(tick(T0 + 30 * S)).toEqual(['alert.updated:resolved']);
    errorLine(T0 + 65 * S);
    expect(tick(T0 + 65 * S)).toEqual(['alert.updated:pending']);
    expect(tick(T0 + 70 * S)).toEqual([]);
    expect(openStatus(r.id)).toBe('pending');
    expect(h.events.filter((e) => e.type === 'alert.fired')).toHaveLength(0);
  });

  it('an acknowledged alert stays acknowledged while breached and resolves when clear', () => {
    const r = createRule();
    errorLine(T0);
    tick(T0);
    const a = h.repo.openAlert(r.id)!;
    expect(h.engine.act(a.id, { type: 'ack' }, 'flight', 'on it', T0 + S)).toMatchObject({ alert: { status: 'acknowledged' } });
    expect(tick(T0 + 2 * S)).toEqual([]);
    expect(openStatus(r.id)).toBe('acknowledged');
    expect(tick(T0 + 6 * MIN)).toEqual(['alert.updated:resolved']);
  });

  it('a new breach after resolution opens a new alert', () => {
    const r = createRule();
    errorLine(T0);
    tick(T0);
    const first = h.repo.openAlert(r.id)!.id;
    tick(T0 + 6 * MIN);
    errorLine(T0 + 7 * MIN);
    expect(tick(T0 + 7 * MIN)).toEqual(['alert.fired:firing']);
    expect(h.repo.openAlert(r.id)!.id).not.toBe(first);
  });

  it('metric_threshold: fires on the aggregate and resolves when the window has no samples', () => {
    const r = createRule({ kind: 'metric_threshold', condition: 'avg(cpu)', operator: '>=', threshold: 90, window_ms: MIN });
    h.metrics.insert({ metric_name: 'cpu', value: 80, unit: '%', timestamp: T0, source_system: null, tags: null });
    expect(tick(T0)).toEqual([]);
    h.metrics.insert({ metric_name: 'cpu', value: 100, unit: '%', timestamp: T0 + S, source_system: null, tags: null });
    expect(tick(T0 + S)).toEqual(['alert.fired:firing']);
    expect(h.repo.openAlert(r.id)).toMatchObject({ value: 90, message: `${r.rule_name}: avg(cpu) over 1m is 90 >= threshold 90` });
    expect(tick(T0 + 2 * MIN)).toEqual(['alert.updated:resolved']);
    expect(h.repo.list(['resolved'], 10)[0]!.value).toBeNull();
  });

  it('skips inactive rules', () => {
    const r = createRule({ is_active: false });
    errorLine(T0);
    expect(tick(T0)).toEqual([]);
    expect(openStatus(r.id)).toBe('none');
  });

  it('a rule that throws is reported and does not stop the others', () => {
    createRule({ kind: 'metric_threshold', condition: 'not a metric(' });
    const good = createRule();
    errorLine(T0);
    expect(tick(T0)).toEqual(['alert.fired:firing']);
    expect(h.errors).toHaveLength(1);
    expect(openStatus(good.id)).toBe('firing');
  });

  it('evaluateAll(true) skips kinds that do not evaluate on ingest', async () => {
    const kinds = await import('../../../../src/core/alerts/kinds');
    const mod = kinds.ruleKind('log_match');
    const spy = vi.spyOn(mod, 'evaluate');
    Object.defineProperty(mod, 'evaluateOnIngest', { value: false, configurable: true });
    try {
      createRule();
      h.engine.evaluateAll(true);
      expect(spy).not.toHaveBeenCalled();
      h.engine.evaluateAll(false);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      Object.defineProperty(mod, 'evaluateOnIngest', { value: true, configurable: true });
      spy.mockRestore();
    }
  });
});
