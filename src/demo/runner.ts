/**
 * Sends the simulated fleet to a station through its real ingest path (POST /metrics, POST
 * /logs) and registers the spacecraft through the API, as an operator's script would. First it
 * backfills a stretch of history so charts have a past, then it plays in real time.
 */
import { demoEndpoints, startGroundEndpoints } from './ground-endpoints';
import { FleetSimulator, type DemoLog, type DemoMetric } from './simulator';
import { DEMO_DASHBOARD, DEMO_RULES } from './starter-kit';

export interface DemoOptions {
  url: string;
  token?: string | undefined;
  tickMs?: number;
  /** History sent at start, played at `backfillStepMs`. */
  backfillMs?: number;
  backfillStepMs?: number;
  seed?: number;
  signal?: AbortSignal;
  say?: (message: string) => void;
  now?: () => number;
}

export interface DemoCounts {
  samples: number;
  lines: number;
  failures: number;
}

async function post(opts: DemoOptions, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return fetch(`${opts.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
}

/** Resolves after `ms`, or at once when the signal aborts (the listener never outlives the wait). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Waits for the station to answer /readyz (it may still be starting). */
export async function waitForStation(opts: DemoOptions, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  for (;;) {
    try {
      const res = await fetch(`${opts.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end || opts.signal?.aborted) throw new Error(`no station answered at ${opts.url} within ${limitMs / 1000} s`);
    await sleep(250, opts.signal);
  }
}

export async function registerFleet(opts: DemoOptions, sim: FleetSimulator): Promise<void> {
  for (const sc of sim.spacecraft) {
    const res = await post(opts, '/spacecraft', { id: sc.id, name: sc.name, mission_type: sc.mission_type, location: sc.location, expected_contact_interval: sc.expectedContact });
    if (!res.ok) throw new Error(`registering ${sc.id}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  }
}

/**
 * Registers the ground stations' endpoints, or points the ones a previous run registered (same
 * name) at this run's port, so restarting the demo never piles up duplicates.
 */
export async function registerEndpoints(opts: DemoOptions, baseUrl: string): Promise<void> {
  const res = await fetch(`${opts.url}/monitoring/endpoints`, { headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {} });
  if (!res.ok) throw new Error(`listing endpoints: HTTP ${res.status}`);
  const existing = new Map(((await res.json()) as { items: { id: number; name: string }[] }).items.map((e) => [e.name, e.id]));
  for (const { name, body } of demoEndpoints(baseUrl)) {
    const id = existing.get(name);
    const r = id === undefined ? await post(opts, '/monitoring/endpoints', { name, ...body }) : await post(opts, `/monitoring/endpoints/${id}`, { ...body, paused: false });
    if (!r.ok) throw new Error(`registering endpoint ${name}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
  }
}

/**
 * Creates the starter alert rules and dashboard (see starter-kit.ts). 409 means a run before
 * created it (or an operator made one of that name): theirs stays.
 */
export async function seedStarterKit(opts: DemoOptions): Promise<void> {
  const made: [string, string, unknown][] = [
    ...DEMO_RULES.map((rule): [string, string, unknown] => [`rule "${rule.rule_name}"`, '/alerts/rules', rule]),
    [`dashboard "${DEMO_DASHBOARD.name}"`, '/dashboards', DEMO_DASHBOARD],
  ];
  for (const [what, path, body] of made) {
    const res = await post(opts, path, body);
    if (!res.ok && res.status !== 409) throw new Error(`creating ${what}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
}

async function send(opts: DemoOptions, metrics: DemoMetric[], logs: DemoLog[], counts: DemoCounts): Promise<void> {
  const [m, l] = await Promise.all([
    metrics.length ? post(opts, '/metrics', metrics) : null,
    logs.length ? post(opts, '/logs', logs) : null,
  ]);
  for (const [res, n, key] of [[m, metrics.length, 'samples'], [l, logs.length, 'lines']] as const) {
    if (!res) continue;
    await res.body?.cancel();
    if (res.ok) counts[key] += n;
    else {
      counts.failures++;
      opts.say?.(`the station refused a batch: HTTP ${res.status}`);
    }
  }
}

/** Runs until the signal aborts; resolves with what was delivered. */
export async function runDemo(opts: DemoOptions): Promise<DemoCounts> {
  const now = opts.now ?? Date.now;
  const tickMs = opts.tickMs ?? 2000;
  const sim = new FleetSimulator({ seed: opts.seed ?? 42, faultRatePerHour: 3 });
  const counts: DemoCounts = { samples: 0, lines: 0, failures: 0 };
  await waitForStation(opts);
  await registerFleet(opts, sim);
  const ground = await startGroundEndpoints(sim, now);
  await registerEndpoints(opts, ground.baseUrl);
  await seedStarterKit(opts);
  opts.say?.(`registered ${sim.spacecraft.length} spacecraft and the ground stations' endpoints; playing the fleet into ${opts.url}`);

  const backfill = opts.backfillMs ?? 30 * 60_000;
  const step = opts.backfillStepMs ?? 15_000;
  const start = now();
  let metrics: DemoMetric[] = [];
  let logs: DemoLog[] = [];
  for (let t = start - backfill; t < start && !opts.signal?.aborted; t += step) {
    const r = sim.tick(t, step);
    metrics.push(...r.metrics);
    logs.push(...r.logs);
    if (metrics.length >= 5000) {
      await send(opts, metrics, logs, counts);
      metrics = [];
      logs = [];
    }
  }
  await send(opts, metrics, logs, counts);

  let last = now();
  while (!opts.signal?.aborted) {
    const t = now();
    const r = sim.tick(t, Math.max(1, t - last));
    last = t;
    try {
      await send(opts, r.metrics, r.logs, counts);
    } catch (e) {
      counts.failures++;
      opts.say?.(`could not reach the station: ${(e as Error).message}`);
    }
    await sleep(tickMs, opts.signal);
  }
  await ground.close();
  return counts;
}
