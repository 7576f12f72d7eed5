/**
 * Retention on a real station: expired lines are archived to gzip NDJSON, deleted through the
 * writer thread, counted, gone from search — and the archive restores them via POST /logs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { archiveFileName } from '../../src/core/retention/archive';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';

const DAY = 86_400_000;
let s: TestStation;
let old: number;

interface Retention {
  policy: Record<string, string>;
  stats: { archived_total: number; deleted_total: number; last_run_at: number | null; last_run_deleted: number; archive_dir: string };
}
interface SearchOut {
  items: { message: string; level: string }[];
}

const getJson = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${s.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const search = async (q: string) => (await getJson<SearchOut>(`/logs/search?q=${encodeURIComponent(q)}&from=now-30d&limit=100`)).items.map((i) => i.message).sort();

beforeAll(async () => {
  s = await startTestStation();
  old = Date.now() - 8 * DAY;
  const lines = ['DEBUG', 'INFO', 'ERROR'].flatMap((level) =>
    Array.from({ length: 5 }, (_, i) => ({
      timestamp: old + i,
      level,
      service: 'nav',
      spacecraft_id: 'sc-1',
      message: `${level.toLowerCase()} expiring ${i} gyroscope`,
      labels: { env: 'flight' },
      metadata: { i },
    })),
  );
  lines.push({ timestamp: Date.now(), level: 'DEBUG', service: 'nav', spacecraft_id: 'sc-1', message: 'debug fresh gyroscope', labels: { env: 'flight' }, metadata: { i: 99 } });
  expect((await postJson(`${s.url}/logs`, lines)).status).toBe(202);
});
afterAll(async () => s?.close());

test('a run archives and deletes expired DEBUG lines only; the archive restores them over POST /logs', async () => {
  expect(await search('gyroscope')).toHaveLength(16);

  const run = await s.core.runRetention();
  expect(run).toMatchObject({ archived: 5, deleted: 5 });

  // Search (FTS) no longer finds the deleted lines and still finds the kept ones.
  const after = await search('gyroscope');
  expect(after).toHaveLength(11);
  expect(after.filter((m) => m.startsWith('debug'))).toEqual(['debug fresh gyroscope']);
  expect(after.filter((m) => m.startsWith('info'))).toHaveLength(5);
  expect(after.filter((m) => m.startsWith('error'))).toHaveLength(5);

  // The day's archive gunzips to exactly the deleted lines, in the POST /logs format.
  const file = join(s.dataDir, 'archive', archiveFileName(old));
  expect(existsSync(file)).toBe(true);
  const ndjson = gunzipSync(readFileSync(file)).toString();
  const archived = ndjson.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(archived.map((l) => l.message)).toEqual(Array.from({ length: 5 }, (_, i) => `debug expiring ${i} gyroscope`));
  expect(archived[0]).toMatchObject({ timestamp: new Date(old).toISOString(), level: 'DEBUG', service: 'nav', spacecraft_id: 'sc-1', labels: { env: 'flight' }, metadata: { i: 0 } });

  // Counts agree in retention.get and GET /metrics/system.
  const r = await getJson<Retention>('/retention');
  expect(r.policy).toEqual({ DEBUG: '7d', INFO: '30d', WARN: '90d', ERROR: '365d', CRITICAL: '365d' });
  expect(r.stats).toMatchObject({ archived_total: 5, deleted_total: 5, last_run_deleted: 5, last_run_at: run.at, archive_dir: join(s.dataDir, 'archive') });
  const sys = await getJson<{ counters: Record<string, Record<string, number>> }>('/metrics/system');
  expect(sys.counters.retention).toEqual({ archived_total: 5, deleted_total: 5, last_run_deleted: 5, last_run_at: run.at });

  // Re-import: gunzip -c file | POST /logs (application/x-ndjson).
  const res = await fetch(`${s.url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson });
  expect(res.status).toBe(202);
  const restored = await getJson<SearchOut>(`/logs/search?q=expiring&level=DEBUG&from=now-30d&limit=100`);
  expect(restored.items.map((i) => i.message).sort()).toEqual(archived.map((l) => l.message));

  // A second run archives the restored (still expired) lines again, appended as a new member.
  expect(await s.core.runRetention()).toMatchObject({ archived: 5, deleted: 5 });
  expect(gunzipSync(readFileSync(file)).toString().trim().split('\n')).toHaveLength(10);
  expect((await getJson<Retention>('/retention')).stats).toMatchObject({ archived_total: 10, deleted_total: 10, last_run_deleted: 5 });
});

test('retention.set changes only the levels given; a bad age is a 400 naming the level', async () => {
  const bad = await postJson(`${s.url}/retention`, { policy: { INFO: '14d', WARN: 'a fortnight' } });
  expect(bad.status).toBe(400);
  expect((await errorBody(bad)).message).toMatch(/policy\.WARN/);
  expect((await getJson<Retention>('/retention')).policy.INFO).toBe('30d');

  const ok = await postJson(`${s.url}/retention`, { policy: { INFO: '7d', ERROR: 'forever' } });
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as Retention).policy).toEqual({ DEBUG: '7d', INFO: '7d', WARN: '90d', ERROR: 'forever', CRITICAL: '365d' });

  // The new policy is what the next run applies: the 8-day-old INFO lines go now, ERROR stays.
  expect(await s.core.runRetention()).toMatchObject({ deleted: 5 });
  const left = await search('expiring');
  expect(left.filter((m) => m.startsWith('info'))).toEqual([]);
  expect(left.filter((m) => m.startsWith('error'))).toHaveLength(5);
});
