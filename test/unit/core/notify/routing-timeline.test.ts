import { afterEach, describe, expect, it } from 'vitest';
import { BANNER, DESKTOP, route, SOUND, timeline } from './harness';

const root = (over: Parameters<typeof route>[0] extends infer R ? Partial<R> : never = {}) => route({ id: 'root', parent: null, receivers: [DESKTOP], ...over });
let t: ReturnType<typeof timeline>;
afterEach(() => t?.close());

describe('grouping (group_wait, group_interval)', () => {
  it('holds a new group for group_wait, then sends one notification for all its alerts', async () => {
    t = timeline([root({ group_by: ['spacecraft'], group_wait: '30s', group_interval: '5m' })]);
    t.fire(1, 'HighTemp', 'warning', { spacecraft: 'sc-1' });
    await t.at(10_000);
    t.fire(2, 'LowVolt', 'critical', { spacecraft: 'sc-1' });
    t.fire(3, 'LowVolt', 'critical', { spacecraft: 'sc-2' });
    await t.at(29_000);
    expect(t.delivered).toHaveLength(0); // group_wait − 1 s
    await t.at(31_000);
    // sc-1's group (alerts 1, 2) went out at 30 s; sc-2's group started at 10 s, so it waits until 40 s.
    expect(t.delivered.map((d) => d.notification.alerts.map((a) => a.id))).toEqual([[1, 2]]);
    expect(t.delivered[0]?.notification.severity).toBe('critical');
    await t.at(41_000);
    expect(t.delivered.map((d) => d.notification.alerts.map((a) => a.id))).toEqual([[1, 2], [3]]);
  });

  it('a later alert of a notified group waits for group_interval after the last notification', async () => {
    t = timeline([root({ group_by: ['spacecraft'], group_wait: '0s', group_interval: '5m' })]);
    t.fire(1, 'A', 'critical', { spacecraft: 'sc-1' });
    await t.at(1000);
    expect(t.delivered).toHaveLength(1);
    await t.at(60_000);
    t.fire(2, 'B', 'critical', { spacecraft: 'sc-1' });
    await t.at(299_000);
    expect(t.delivered).toHaveLength(1);
    await t.at(301_000);
    expect(t.delivered).toHaveLength(2);
    expect(t.delivered[1]?.notification.alerts.map((a) => a.id)).toEqual([2]);
  });
});

describe('repeat_interval', () => {
  it('repeats while unacknowledged, stops after the acknowledgement', async () => {
    t = timeline([root({ repeat_interval: '1h' })]);
    t.fire(1, 'A');
    await t.at(1000);
    await t.at(3_599_000, 60_000);
    expect(t.delivered).toHaveLength(1); // repeat − 1 s
    await t.at(3_601_000, 60_000);
    expect(t.delivered).toHaveLength(2);
    expect(t.delivered[1]?.notification.purpose).toBe('repeat');
    await t.at(7_201_000, 60_000);
    expect(t.delivered).toHaveLength(3);
    t.ack(1);
    await t.at(4 * 3_600_000 + 1000, 60_000);
    expect(t.delivered).toHaveLength(3);
    expect(t.repo.deliveries('skipped', 10).map((d) => d.purpose)).toEqual(['repeat']);
  });
});

describe('routing tree', () => {
  const tree = () => [
    root({ receivers: [BANNER] }),
    route({ id: 'crit', matchers: [], severities: ['critical'], receivers: [DESKTOP, SOUND], continue: true }),
    route({ id: 'sc1', matchers: [{ name: 'spacecraft', op: '=~', value: 'sc-1|sc-9' }], receivers: [DESKTOP] }),
    route({ id: 'sc1-power', parent: 'sc1', matchers: [{ name: 'subsystem', op: '=', value: 'power' }], receivers: [SOUND] }),
  ];

  it('sends to the deepest matching routes, following continue, and falls back to the root', async () => {
    t = timeline(tree());
    t.fire(1, 'A', 'info', { spacecraft: 'sc-2' }); // root only
    t.fire(2, 'B', 'critical', { spacecraft: 'sc-2' }); // crit (continue) → no other sibling matches
    t.fire(3, 'C', 'critical', { spacecraft: 'sc-1', subsystem: 'power' }); // crit + sc1-power
    t.fire(4, 'D', 'warning', { spacecraft: 'sc-9', subsystem: 'comms' }); // sc1 itself
    await t.at(1000);
    const who = (id: number) => t.delivered.filter((d) => d.notification.alerts.some((a) => a.id === id)).map((d) => d.channel_name).sort();
    expect(who(1)).toEqual([BANNER]);
    expect(who(2)).toEqual([SOUND, DESKTOP]);
    expect(who(3)).toEqual([SOUND, SOUND, DESKTOP]);
    expect(who(4)).toEqual([DESKTOP]);
  });

  it('refuses a tree naming an unknown channel or parent, with the position', () => {
    t = timeline([root()]);
    expect(() => t.n.setRouting({ routes: [root(), route({ id: 'x', receivers: ['Nope'] })], flood: { max_alerts: 0, window: '5m' } })).toThrow(
      'routes[1].receivers[0]: no channel is named "Nope"',
    );
    expect(() => t.n.setRouting({ routes: [root(), route({ id: 'x', parent: 'y' })], flood: { max_alerts: 0, window: '5m' } })).toThrow('routes[1].parent: no route has id "y"');
    expect(() => t.n.setRouting({ routes: [root(), route({ id: 'x', matchers: [{ name: 'a', op: '=~', value: '(' }] })], flood: { max_alerts: 0, window: '5m' } })).toThrow(
      'routes[1].matchers[0].value',
    );
    expect(() => t.n.setRouting({ routes: [route({ id: 'a', parent: 'b' }), route({ id: 'b', parent: 'a' })], flood: { max_alerts: 0, window: '5m' } })).toThrow('exactly one route');
  });
});

describe('escalation tiers', () => {
  it('critical: desktop + sound now, banner after 5 min unacknowledged, browser after 15 min', async () => {
    t = timeline([
      root({
        receivers: [DESKTOP, SOUND],
        escalation: [
          { after: '5m', receivers: [BANNER] },
          { after: '15m', receivers: ['Browser'] },
        ],
      }),
    ]);
    t.fire(1, 'A');
    await t.at(1000);
    expect(t.delivered.map((d) => d.channel_name).sort()).toEqual([SOUND, DESKTOP]);
    await t.at(299_000, 10_000);
    expect(t.delivered).toHaveLength(2); // 5 min − 1 s
    await t.at(301_000, 10_000);
    expect(t.on(BANNER)).toHaveLength(1);
    expect(t.on(BANNER)[0]?.notification.title).toMatch(/^Unacknowledged for 5m — CRITICAL: A/);
    t.ack(1);
    await t.at(16 * 60_000, 10_000);
    expect(t.on('Browser')).toHaveLength(0); // acknowledged before 15 min
    expect(t.delivered).toHaveLength(3);
  });

  it('a latched alarm that returned to normal unacknowledged keeps escalating until acknowledged', async () => {
    t = timeline([root({ receivers: [DESKTOP], escalation: [{ after: '5m', receivers: [BANNER] }, { after: '15m', receivers: ['Browser'] }] })]);
    t.fire(1, 'A');
    await t.at(60_000, 10_000);
    t.clearLatched(1);
    await t.at(301_000, 10_000);
    expect(t.on(BANNER)).toHaveLength(1);
    t.ack(1);
    await t.at(16 * 60_000, 10_000);
    expect(t.on('Browser')).toHaveLength(0);
  });

  it('each alert escalates on its own clock', async () => {
    t = timeline([root({ receivers: [DESKTOP], escalation: [{ after: '5m', receivers: [BANNER] }] })]);
    t.fire(1, 'A');
    await t.at(120_000, 10_000);
    t.fire(2, 'B');
    t.ack(1);
    await t.at(301_000, 10_000);
    expect(t.on(BANNER)).toHaveLength(0);
    await t.at(421_000, 10_000);
    expect(t.on(BANNER).map((d) => d.notification.alerts[0]?.id)).toEqual([2]);
  });
});

describe('flood control', () => {
  it('more than N alerts in M minutes: one summary notification says so', async () => {
    t = timeline([root({ group_by: ['alertname'] })], { max_alerts: 3, window: '5m' });
    for (let i = 1; i <= 3; i++) t.fire(i, `R${i}`);
    await t.at(1000);
    expect(t.delivered).toHaveLength(3);
    for (let i = 4; i <= 40; i++) t.fire(i, `R${i}`);
    await t.at(2000);
    expect(t.delivered).toHaveLength(4);
    const summary = t.delivered[3]?.notification;
    expect(summary?.purpose).toBe('summary');
    expect(summary?.count).toBe(37);
    expect(summary?.title).toBe('Flood control: 37 alerts firing');
    expect(summary?.body).toContain('37 alerts started firing within 5m');
    // More alerts in the same window join the next summary, sent one window after the first.
    for (let i = 41; i <= 45; i++) t.fire(i, `R${i}`);
    await t.at(299_000, 10_000);
    expect(t.delivered).toHaveLength(4);
    await t.at(303_000, 10_000);
    expect(t.delivered).toHaveLength(5);
    expect(t.delivered[4]?.notification.count).toBe(5);
  });
});

describe('resolved notifications', () => {
  it('are sent only where send_resolved is on', async () => {
    t = timeline([root({ receivers: [DESKTOP] }), route({ id: 'r', receivers: [BANNER], send_resolved: true, continue: true })]);
    t.fire(1, 'A');
    await t.at(1000);
    t.resolve(1);
    await t.at(2000);
    expect(t.on(BANNER).map((d) => d.notification.purpose)).toEqual(['firing', 'resolved']);
    expect(t.on(BANNER)[1]?.notification.title).toBe('RESOLVED — A');
    expect(t.on(DESKTOP)).toHaveLength(0); // the root is not used when a child matched
  });
});
