/**
 * The scheduler on its own, with a real SQLite file and real local servers: bounded concurrency,
 * never two checks of one endpoint at once, and a full set of hanging targets that only holds
 * the slots it is given.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openDatabase } from '../../src/core/db/open';
import { EndpointsRepo } from '../../src/core/db/repos/endpoints';
import { EndpointScheduler } from '../../src/core/monitoring/endpoint-scheduler';
import type { MetricSample } from '../../src/core/db/repos/metrics';
import { tempDir } from '../support/station';

let db: Database;
let repo: EndpointsRepo;
let server: Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;
const perPath = new Map<string, { now: number; max: number }>();
const held = new Set<ServerResponse>();

beforeEach(async () => {
  db = openDatabase({ path: join(tempDir(), 'scheduler.db') });
  repo = new EndpointsRepo(db);
  inFlight = maxInFlight = 0;
  perPath.clear();
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const p = perPath.get(req.url!) ?? { now: 0, max: 0 };
    p.now++;
    p.max = Math.max(p.max, p.now);
    perPath.set(req.url!, p);
    const done = () => {
      inFlight--;
      p.now--;
    };
    if (req.url!.startsWith('/hang')) {
      held.add(res);
      res.on('close', done);
      return;
    }
    setTimeout(() => {
      done();
      res.end('ok');
    }, req.url!.startsWith('/slow') ? 400 : 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const r of held) r.destroy();
  held.clear();
  server.closeAllConnections();
  server.close();
  db.close();
});

const add = (path: string, interval = 1000, timeout = 5000) =>
  repo.create({ name: path, kind: 'http', endpoint_url: `${base}${path}`, spacecraft_id: null, check_interval: interval, timeout, retries: 0, paused: false, config: {}, created_at: Date.now() });

test('at most maxConcurrent checks at once, and one endpoint never overlaps itself', async () => {
  // Six 400 ms checks due every second with two slots: the queue never empties.
  for (let i = 0; i < 6; i++) add(`/slow/${i}`);
  const stored: MetricSample[] = [];
  const sch = new EndpointScheduler({ repo, maxConcurrent: 2, store: async (s) => void stored.push(...s) });
  sch.start();
  await new Promise((r) => setTimeout(r, 3000));
  sch.stop();
  expect(maxInFlight).toBe(2);
  for (const [, p] of perPath) expect(p.max).toBe(1);
  // Every endpoint got its turn, and each check left latency and up samples.
  const checked = new Set(stored.filter((s) => s.metric_name === 'endpoint.up').map((s) => JSON.parse(s.tags!).endpoint));
  expect(checked.size).toBe(6);
  expect(stored.filter((s) => s.metric_name === 'endpoint.latency_ms').every((s) => s.value >= 350)).toBe(true);
});

test('hanging targets hold only their own slots; the rest keep their interval', async () => {
  for (let i = 0; i < 3; i++) add(`/hang/${i}`, 1000, 60_000);
  const fast = add('/fast', 500);
  const sch = new EndpointScheduler({ repo, maxConcurrent: 4 });
  sch.start();
  await new Promise((r) => setTimeout(r, 3200));
  expect(sch.activeChecks).toBe(3);
  sch.stop();
  const times = repo.history(fast.id, 100).map((h) => h.at).sort();
  expect(times.length).toBeGreaterThanOrEqual(5);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThan(700);
});

test('deleted, paused and changed endpoints are picked up without a restart', async () => {
  const a = add('/a', 300);
  const b = add('/b', 300);
  const sch = new EndpointScheduler({ repo, maxConcurrent: 4 });
  sch.start();
  await new Promise((r) => setTimeout(r, 800));
  repo.delete(a.id);
  sch.removed(a.id);
  sch.updated(repo.setPaused(b.id, true, Date.now())!);
  const c = add('/c', 300);
  sch.added(c);
  const before = { a: perPath.get('/a')?.max, b: repo.history(b.id, 1000).length };
  await new Promise((r) => setTimeout(r, 1000));
  sch.stop();
  expect(before.a).toBe(1);
  expect(repo.history(b.id, 1000).length).toBeLessThanOrEqual(before.b + 1);
  expect(repo.history(c.id, 1000).length).toBeGreaterThanOrEqual(3);
  expect(repo.history(a.id, 1000)).toEqual([]);
});
