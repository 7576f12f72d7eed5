import { afterAll, beforeAll, expect, test } from 'vitest';
import { postJson, startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

test('posted lines come back from search', async () => {
  const res = await postJson(`${s.url}/logs`, [
    { message: 'battery temperature nominal', level: 'info', service: 'power', spacecraft_id: 'voyager-1' },
    { message: 'thermal loop pressure low', level: 'warning', service: 'thermal', spacecraft_id: 'voyager-2' },
  ]);
  expect(res.status).toBe(202);
  expect(await res.json()).toEqual({ accepted: 2, rejected: [] });
  const found = await (await fetch(`${s.url}/logs/search?q=thermal`)).json();
  expect(found.items).toHaveLength(1);
  expect(found.items[0].level).toBe('WARN');
});
