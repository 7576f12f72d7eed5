/**
 * Overload at about twice the measured capacity for 60 s from 16 connections: every answer is
 * 202, 429 or 503 (with Retry-After), memory stays bounded, the event loop (which the desktop UI
 * shares) stays responsive, and the station recovers by itself when the load stops.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { SystemMetrics } from '../../src/shared/api/schemas/metrics';
import { tempDir } from '../support/station';
import { spawnStation } from '../support/station-process';

const OVERLOAD_SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 60);
const CONNECTIONS = 16;
const BATCH = 10_000;

function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const body = Array.from({ length: BATCH }, (_, i) => JSON.stringify({ message: `telemetry frame ${i} bus voltage nominal`, level: 'info', spacecraft_id: `sc-${i % 5}` })).join('\n');

async function post(url: string): Promise<{ status: number; retryAfter: string | null }> {
  const res = await fetch(`${url}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

// It reads memory from /proc, so Linux only. It runs in the `load` vitest project, alone, after
// the other suites: its event-loop figure is meaningless while other tests share the two cores.
test.skipIf(process.platform !== 'linux')(`overload at ~2× capacity for ${OVERLOAD_SECONDS} s: only 202/429/503, bounded memory, responsive event loop, recovers`, async () => {
  const st = await spawnStation(['--port', '0', '--data-dir', tempDir(), '--collect-interval', '2s']);
  const pid = st.child.pid!;
  try {
    // Capacity: closed loop, 4 clients, 5 s.
    let accepted = 0;
    const capEnd = Date.now() + 5_000;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (Date.now() < capEnd) if ((await post(st.url)).status === 202) accepted += BATCH;
    }));
    const capacity = accepted / 5;
    const baseline = rss(pid);

    // Overload: 16 connections offering 2× capacity between them. Accepted batches wait for their
    // commit, so only shedding (429 answered before the body is read) lets the offer reach 2×.
    const perConnectionInterval = (CONNECTIONS * BATCH * 1000) / (2 * capacity);
    const statuses = new Map<number, number>();
    let missingRetryAfter = 0;
    let offered = 0;
    let peakRss = baseline;
    let worstLagP99 = 0;
    const end = Date.now() + OVERLOAD_SECONDS * 1000;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rss(pid));
    }, 250);
    const lagSampler = setInterval(async () => {
      try {
        const m = (await (await fetch(`${st.url}/metrics/system`)).json()) as SystemMetrics;
        worstLagP99 = Math.max(worstLagP99, m.process.event_loop_lag_ms.p99);
      } catch {
        // a refused probe is not a measurement
      }
    }, 2_000);
    await Promise.all(Array.from({ length: CONNECTIONS }, async (_, k) => {
      await new Promise((r) => setTimeout(r, (k * perConnectionInterval) / CONNECTIONS));
      while (Date.now() < end) {
        const started = Date.now();
        offered += BATCH;
        const r = await post(st.url);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if ((r.status === 429 || r.status === 503) && !r.retryAfter) missingRetryAfter++;
        const wait = perConnectionInterval - (Date.now() - started);
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      }
    }));
    clearInterval(sampler);
    clearInterval(lagSampler);

    const offeredRate = offered / OVERLOAD_SECONDS;
    console.log(`capacity ${Math.round(capacity)} lines/s; offered ${Math.round(offeredRate)} lines/s; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `RSS +${Math.round((peakRss - baseline) / 2 ** 20)} MiB; event-loop p99 ≤ ${worstLagP99} ms`);
    expect(offeredRate).toBeGreaterThan(1.5 * capacity);
    expect([...statuses.keys()].every((s) => s === 202 || s === 429 || s === 503)).toBe(true);
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0); // it really was overloaded, and said so
    expect(missingRetryAfter).toBe(0);
    expect(peakRss - baseline).toBeLessThanOrEqual(256 * 2 ** 20);
    expect(worstLagP99).toBeLessThanOrEqual(100);

    // Recovery: no restart, the next request is accepted promptly.
    let recovered = false;
    const deadline = Date.now() + 10_000;
    while (!recovered && Date.now() < deadline) {
      const t0 = Date.now();
      recovered = (await post(st.url)).status === 202 && Date.now() - t0 < 1_000;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
  } finally {
    st.child.kill('SIGTERM');
    await st.exited;
  }
}, 180_000);
