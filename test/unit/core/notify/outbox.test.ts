import { afterEach, expect, it } from 'vitest';
import { BANNER, route, timeline } from './harness';

let t: ReturnType<typeof timeline>;
afterEach(async () => {
  await t?.n.stop();
  t?.close();
});

const row = (over: Partial<Parameters<ReturnType<typeof timeline>['repo']['enqueue']>[0]> = {}) =>
  t.repo.enqueue({ channel_id: 2, channel_name: BANNER, channel_kind: 'in_app', purpose: 'firing', group_key: 'g', alert_ids: [], repeat_ms: 0, due_at: 0, created_at: 0, ...over });

it('a "send test" cut short by a crash is marked failed at start, not sent later', () => {
  t = timeline([route({ id: 'root', parent: null, receivers: [BANNER] })]);
  const id = row({ purpose: 'test', due_at: Number.MAX_SAFE_INTEGER });
  t.n.start();
  expect(t.repo.delivery(id)).toMatchObject({ status: 'failed', last_error: 'interrupted by a restart' });
});

it('the delivery log forgets finished rows after 30 days and never pending ones', () => {
  t = timeline([route({ id: 'root', parent: null, receivers: [BANNER] })]);
  const old = row();
  t.repo.markSent(old, 1000, 'x');
  const skipped = row();
  t.repo.markSkipped(skipped, 'acknowledged');
  const waiting = row({ due_at: 5 });
  expect(t.repo.pruneFinished(2000)).toBe(2);
  expect(t.repo.deliveries(undefined, 10).map((d) => d.id)).toEqual([waiting]);
});

it('a channel that is gone or disabled skips its rows, saying why', async () => {
  t = timeline([route({ id: 'root', parent: null, receivers: [BANNER] })]);
  const gone = row({ channel_id: 999 });
  const banner = t.repo.channelByName(BANNER);
  t.n.saveChannel({ id: banner?.id as number, name: BANNER, kind: 'in_app', enabled: false });
  const disabled = row({ channel_id: banner?.id as number });
  await t.n.dispatcher.runDue();
  expect(t.repo.delivery(gone)).toMatchObject({ status: 'skipped', last_error: 'channel deleted' });
  expect(t.repo.delivery(disabled)).toMatchObject({ status: 'skipped', last_error: 'channel disabled' });
  expect(t.delivered).toEqual([]);
});

it('two sends running at once (the pump and a caller) deliver a due row once', async () => {
  t = timeline([route({ id: 'root', parent: null, receivers: [BANNER], group_wait: '0s' })]);
  t.fire(1, 'A');
  const handled = await Promise.all([t.n.dispatcher.runDue(), t.n.dispatcher.runDue(), t.n.dispatcher.runDue()]);
  expect(t.on(BANNER)).toHaveLength(1);
  expect(handled.reduce((a, b) => a + b, 0)).toBe(1);
});
