import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { selectUnacknowledgedCount, sortAlerts } from '../../../../src/renderer/src/stores/alerts';
import { createRulesStore } from '../../../../src/renderer/src/stores/rules';
import type { Backtest } from '../../../../src/shared/api/schemas/alerts';
import { alert } from '../fixtures';

const job = (state: Backtest['state'], progress: number): Backtest => ({ id: 7, state, progress, from: 0, to: 10, step_ms: 1, error: null, points: [], events: [], fired: state === 'done' ? 2 : 0, resolved: 0 });
const rule = { rule_name: 'r', kind: 'log_match' as const, condition: 'x', threshold: 1, severity: 'info' as const };

describe('rules store: backtest', () => {
  it('polls a running backtest until it is done', async () => {
    const answers = [job('running', 0.5), job('done', 1)];
    const transport = createMemoryTransport({
      'alerts.backtest': async () => job('running', 0),
      'alerts.getBacktest': async () => answers.shift() as Backtest,
    });
    const store = createRulesStore(createClient(transport));
    await store.getState().runBacktest(rule, 'now-7d');
    expect(store.getState().backtest).toMatchObject({ state: 'done', fired: 2 });
    expect(transport.calls.map((c) => c.method)).toEqual(['alerts.backtest', 'alerts.getBacktest', 'alerts.getBacktest']);
    expect(transport.calls[0]!.input).toEqual({ rule, from: 'now-7d' });
  });

  it('cancel stops the job and the polling', async () => {
    const transport = createMemoryTransport({
      'alerts.backtest': async () => job('running', 0),
      'alerts.getBacktest': async () => job('running', 0.1),
      'alerts.cancelBacktest': async () => job('cancelled', 0.1),
    });
    const store = createRulesStore(createClient(transport));
    const run = store.getState().runBacktest(rule, 'now-1d');
    await new Promise((r) => setTimeout(r, 300));
    await store.getState().cancelBacktest();
    await run;
    expect(store.getState().backtest?.state).toBe('cancelled');
  });
});

describe('alerts: latched and shelved alarms', () => {
  it('a cleared (latched) alarm still needs acknowledging; a shelved one does not', () => {
    const items = [alert(1, { status: 'shelved', severity: 'critical' }), alert(2, { status: 'cleared', severity: 'info' }), alert(3, { status: 'acknowledged' })];
    expect(selectUnacknowledgedCount({ items })).toBe(1);
    expect(sortAlerts(items).map((a) => a.id)).toEqual([2, 1, 3]);
  });
});
