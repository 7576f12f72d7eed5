/**
 * Checks every monitored endpoint on its own timer: the first run jittered so a restart does not
 * fire them all at once, later runs spread by ±5 %. At most `maxConcurrent` checks run at once
 * and one endpoint never has two in flight; each check has its own deadline (the kind enforces
 * the endpoint's timeout, and a guard here catches a kind that would not), so a slow or hanging
 * target holds one slot for at most its timeout and never delays the others' timers.
 */
import type { AppEvent } from '../../shared/api/events';
import type { Endpoint } from '../../shared/api/schemas/fleet';
import type { EndpointsRepo } from '../db/repos/endpoints';
import type { MetricSample } from '../db/repos/metrics';
import { checkKinds } from './checks';
import type { CheckResult } from './checks/types';
import { nextEndpointState } from './endpoint-state';

export interface SchedulerOptions {
  repo: EndpointsRepo;
  /** Stores samples through the ingest writer (latency, up, scraped series). */
  store?: (samples: MetricSample[]) => Promise<unknown>;
  emit?: (event: AppEvent) => void;
  now?: () => number;
  random?: () => number;
  maxConcurrent?: number;
  onError?: (e: unknown) => void;
}

/** The deadline guard allows the kind this much beyond the endpoint's timeout. */
const GUARD_MS = 1000;

export class EndpointScheduler {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly inFlight = new Set<number>();
  private readonly waiting: number[] = [];
  private running = false;
  private active = 0;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxConcurrent: number;

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.maxConcurrent = opts.maxConcurrent ?? 16;
  }

  start(): void {
    this.running = true;
    for (const e of this.opts.repo.list()) {
      if (!e.paused) this.schedule(e.id, this.random() * Math.min(e.check_interval, 5000));
    }
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
  }

  /** Checks running now (for tests and diagnostics). */
  get activeChecks(): number {
    return this.active;
  }

  /** A new endpoint: check it right away, then on its interval. */
  added(e: Endpoint): void {
    if (this.running && !e.paused) this.schedule(e.id, 0);
  }

  /** Settings changed or the endpoint was resumed/paused: start over from a check now. */
  updated(e: Endpoint): void {
    this.cancel(e.id);
    if (this.running && !e.paused) this.schedule(e.id, 0);
  }

  removed(id: number): void {
    this.cancel(id);
  }

  private cancel(id: number): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
    const i = this.waiting.indexOf(id);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  private schedule(id: number, delay: number): void {
    const old = this.timers.get(id);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.timers.delete(id);
      this.enqueue(id);
    }, Math.max(0, delay));
    t.unref();
    this.timers.set(id, t);
  }

  private enqueue(id: number): void {
    if (!this.running || this.inFlight.has(id) || this.waiting.includes(id)) return;
    this.waiting.push(id);
    this.pump();
  }

  private pump(): void {
    while (this.running && this.active < this.maxConcurrent && this.waiting.length > 0) {
      const id = this.waiting.shift() as number;
      this.active++;
      this.inFlight.add(id);
      void this.run(id).finally(() => {
        this.active--;
        this.inFlight.delete(id);
        this.pump();
      });
    }
  }

  /** One check of one endpoint (read afresh: it may have been changed, paused or deleted). */
  async run(id: number): Promise<void> {
    let e: Endpoint | null;
    try {
      e = this.opts.repo.get(id);
    } catch {
      return; // the database is closing
    }
    if (!e || e.paused) return;
    const result = await this.check(e);
    if (!this.running) return;
    const at = this.now();
    const next = nextEndpointState(e, result.ok, e.retries);
    try {
      this.opts.repo.recordCheck(e.id, { at, ok: result.ok, status: next.status, failures: next.failures, latency_ms: result.latency_ms, error: result.error, changed: next.changed });
    } catch (err) {
      this.opts.onError?.(err);
    }
    if (next.changed) {
      this.opts.emit?.({ type: 'endpoint.state', endpoint_id: e.id, name: e.name, spacecraft_id: e.spacecraft_id, from: e.status, to: next.status, at, error: result.error });
    }
    const samples = [...endpointSamples(e, result, at), ...(result.samples ?? [])];
    this.opts.store?.(samples).catch((err: unknown) => this.opts.onError?.(err));
    const jitter = 1 + (this.random() - 0.5) * 0.1;
    this.schedule(e.id, e.check_interval * jitter);
  }

  private async check(e: Endpoint): Promise<CheckResult> {
    const kind = checkKinds.get(e.kind);
    if (!kind) return { ok: false, latency_ms: null, error: `unknown kind ${e.kind}` };
    let guard: NodeJS.Timeout | undefined;
    const deadline = new Promise<CheckResult>((resolve) => {
      guard = setTimeout(() => resolve({ ok: false, latency_ms: null, error: `timed out after ${e.timeout} ms` }), e.timeout + GUARD_MS);
    });
    try {
      return await Promise.race([
        kind.check({ id: e.id, name: e.name, url: e.endpoint_url, timeoutMs: e.timeout, config: e.config }, this.now()).catch(
          (err: unknown): CheckResult => ({ ok: false, latency_ms: null, error: String((err as Error).message ?? err).slice(0, 200) }),
        ),
        deadline,
      ]);
    } finally {
      clearTimeout(guard);
    }
  }
}

/** `endpoint.up` (1/0) and `endpoint.latency_ms` for charts and alert rules, labelled with the endpoint. */
export function endpointSamples(e: Endpoint, r: CheckResult, at: number): MetricSample[] {
  const labels: Record<string, string> = { endpoint: e.name, endpoint_id: String(e.id), kind: e.kind };
  if (e.spacecraft_id) labels.spacecraft = e.spacecraft_id;
  const tags = JSON.stringify(labels);
  const out: MetricSample[] = [{ metric_name: 'endpoint.up', value: r.ok ? 1 : 0, unit: null, timestamp: at, source_system: null, tags }];
  if (r.latency_ms !== null) out.push({ metric_name: 'endpoint.latency_ms', value: r.latency_ms, unit: 'ms', timestamp: at, source_system: null, tags });
  return out;
}
