import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createAlertsStore, selectUnacknowledgedCount, sortAlerts } from '../../../../src/renderer/src/stores/alerts';
import { alert } from '../fixtures';

describe('alerts store', () => {
  it('sorts unacknowledged first, then by severity, then newest', () => {
    const items = [
      alert(1, { status: 'acknowledged', severity: 'critical' }),
      alert(2, { status: 'firing', severity: 'info' }),
      alert(3, { status: 'firing', severity: 'critical', triggered_at: 10 }),
      alert(4, { status: 'firing', severity: 'critical', triggered_at: 20 }),
      alert(5, { status: 'pending', severity: 'critical' }),
      alert(6, { status: 'firing', severity: 'warning' }),
    ];
    expect(sortAlerts(items).map((a) => a.id)).toEqual([4, 3, 6, 2, 5, 1]);
  });

  it('counts only firing alerts as unacknowledged', () => {
    expect(
      selectUnacknowledgedCount({
        items: [alert(1), alert(2, { status: 'acknowledged' }), alert(3, { status: 'pending' }), alert(4)],
      }),
    ).toBe(2);
  });

  it('acknowledges through the API and applies the answer', async () => {
    const transport = createMemoryTransport({
      'alerts.active': async () => ({ items: [alert(1), alert(2)] }),
      'alerts.acknowledge': async ({ id, by, comment }) =>
        alert(id, { status: 'acknowledged', acknowledged_by: by, ack_comment: comment ?? null, acknowledged_at: 5 }),
    });
    const store = createAlertsStore(createClient(transport));
    expect(await store.getState().load()).toBe(true);
    await store.getState().acknowledge({ id: 2, by: 'flight', comment: 'known' });
    const acked = store.getState().items.find((a) => a.id === 2);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledged_by: 'flight', ack_comment: 'known' });
    expect(selectUnacknowledgedCount(store.getState())).toBe(1);
  });

  it('adds fired alerts and drops resolved ones on upsert', () => {
    const store = createAlertsStore(createClient(createMemoryTransport({})));
    store.getState().upsert(alert(1));
    store.getState().upsert(alert(2));
    store.getState().upsert(alert(1, { status: 'resolved' }));
    expect(store.getState().items.map((a) => a.id)).toEqual([2]);
  });

  it('keeps its error message when the station fails', async () => {
    const store = createAlertsStore(createClient(createMemoryTransport({})));
    expect(await store.getState().load()).toBe(false);
    expect(store.getState()).toMatchObject({ status: 'error', error: 'unknown method alerts.active' });
  });
});
