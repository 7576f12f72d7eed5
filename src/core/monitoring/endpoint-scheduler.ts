/**
 * Checks every monitored endpoint on its own timer (first run jittered so a restart does not
 * fire them all at once). Each check is async with its own timeout, so a slow or hanging
 * target never delays the others or the event loop.
 */
import type { Endpoint } from '../../shared/api/schemas/fleet';
import type { EndpointsRepo } from '../db/repos/fleet';
import { checkKinds } from './checks';

export class EndpointScheduler {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private running = false;

  constructor(private readonly repo: EndpointsRepo, private readonly now: () => number = Date.now) {}

  start(): void {
    this.running = true;
    for (const e of this.repo.list()) this.schedule(e, Math.random() * Math.min(e.check_interval, 5000));
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** A new endpoint: check it right away, then on its interval. */
  added(e: Endpoint): void {
    if (this.running) this.schedule(e, 0);
  }

  private schedule(e: Endpoint, delay: number): void {
    const t = setTimeout(() => void this.run(e), delay);
    t.unref();
    this.timers.set(e.id, t);
  }

  async run(e: Endpoint): Promise<void> {
    const kind = checkKinds.get(e.kind);
    const result = kind
      ? await kind.check(e.endpoint_url, e.timeout)
      : { status: 'down' as const, latency_ms: null, error: `unknown kind ${e.kind}` };
    if (!this.running) return;
    try {
      this.repo.recordCheck(e.id, { at: this.now(), ...result });
    } catch {
      // The database may be closing; the next run records it.
    }
    this.schedule(e, e.check_interval);
  }
}
