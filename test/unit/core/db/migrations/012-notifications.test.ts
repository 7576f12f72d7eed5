import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../../../../src/core/db/open';
import { tempDir } from '../../../../support/station';

const dir = tempDir('observatory-m012-');
const db = openDatabase({ path: join(dir, 'o.db') });
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

it('seeds the four local channels', () => {
  expect(db.prepare('SELECT name, kind FROM notify_channels ORDER BY id').all()).toEqual([
    { name: 'Desktop', kind: 'desktop' },
    { name: 'In-app banner', kind: 'in_app' },
    { name: 'Browser', kind: 'browser' },
    { name: 'Alarm sound', kind: 'sound' },
  ]);
});

it('the dispatcher finds due rows through the partial index of pending rows', () => {
  expect(plan(`SELECT * FROM notify_outbox WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT 1`, 0)).toContain('notify_outbox_due');
});

it("a new alert finds its group's unsent row through the group index", () => {
  expect(plan(`SELECT * FROM notify_outbox WHERE group_key = ? AND channel_id = ? AND status = 'pending' AND purpose = ? ORDER BY id LIMIT 1`, 'g', 1, 'firing')).toContain('notify_outbox_group');
  expect(plan(`SELECT MAX(sent_at) FROM notify_outbox WHERE group_key = ? AND channel_id = ? AND status = 'sent' AND purpose = ?`, 'g', 1, 'firing')).toContain('notify_outbox_group');
});

it('flood control counts arrivals through their time index', () => {
  expect(plan('SELECT COUNT(*) FROM notify_arrivals WHERE at > ? AND at <= ?', 0, 1)).toContain('notify_arrivals_at');
});
