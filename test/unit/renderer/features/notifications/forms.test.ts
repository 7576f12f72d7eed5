import { describe, expect, it } from 'vitest';
import { EMPTY_CHANNEL, toChannelInput } from '../../../../../src/renderer/src/features/notifications/channel-form';
import { dueIn } from '../../../../../src/renderer/src/features/notifications/DeliveryLog';
import { formatMatchers, newRoute, parseMatchers, removeRoute, treeOrder } from '../../../../../src/renderer/src/features/notifications/routing-form';

describe('routing form', () => {
  it('reads and writes matchers, regex operators included', () => {
    const ms = parseMatchers('spacecraft=sc-1, subsystem=~power|thermal , env!="test", host!~gs-.*');
    expect(ms).toEqual([
      { name: 'spacecraft', op: '=', value: 'sc-1' },
      { name: 'subsystem', op: '=~', value: 'power|thermal' },
      { name: 'env', op: '!=', value: 'test' },
      { name: 'host', op: '!~', value: 'gs-.*' },
    ]);
    expect(formatMatchers(ms)).toBe('spacecraft=sc-1, subsystem=~power|thermal, env!=test, host!~gs-.*');
    expect(() => parseMatchers('spacecraft')).toThrow('matcher 1 ("spacecraft")');
  });

  it('orders the tree parents first, and removing a route removes its subtree', () => {
    const root = { ...newRoute('x', []), id: 'root', parent: null };
    const a = newRoute('root', [root]);
    const b = newRoute(a.id, [root, a]);
    const c = newRoute('root', [root, a, b]);
    const order = treeOrder([root, c, b, a]);
    expect(order.map((o) => [o.route.id, o.depth])).toEqual([
      ['root', 0],
      [c.id, 1],
      [a.id, 1],
      [b.id, 2],
    ]);
    expect(removeRoute({ routes: [root, a, b, c], flood: { max_alerts: 0, window: '5m' } }, a.id).routes.map((r) => r.id)).toEqual(['root', c.id]);
  });
});

describe('channel form', () => {
  it('builds each kind\'s config', () => {
    expect(toChannelInput({ ...EMPTY_CHANNEL, name: ' ops ', url: ' https://x ', format: 'slack', authorization: 'Bearer t' })).toEqual({
      name: 'ops',
      kind: 'webhook',
      enabled: true,
      config: { url: 'https://x', format: 'slack', headers: { Authorization: 'Bearer t' } },
    });
    expect(toChannelInput({ ...EMPTY_CHANNEL, id: 4, name: 'm', kind: 'email', host: 'smtp', port: '25', from: 'a@b.c', to: 'x@y.z, q@r.s' }).config).toEqual({
      host: 'smtp',
      port: 25,
      secure: false,
      from: 'a@b.c',
      to: ['x@y.z', 'q@r.s'],
    });
  });

  it('words due times', () => {
    expect([dueIn(-5), dueIn(40_000), dueIn(300_000), dueIn(4 * 3_600_000)]).toEqual(['due now', 'due in 40 s', 'due in 5 min', 'due in 4 h']);
  });
});
