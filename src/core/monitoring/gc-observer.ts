/** Garbage collections and their pause time since the last read (PerformanceObserver 'gc'). */
import { PerformanceObserver } from 'node:perf_hooks';

export class GcObserver {
  private count = 0;
  private pauseMs = 0;
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        this.count++;
        this.pauseMs += e.duration;
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Collections and pause milliseconds since the previous call. */
  take(): { count: number; pauseMs: number } {
    const r = { count: this.count, pauseMs: Math.round(this.pauseMs * 100) / 100 };
    this.count = 0;
    this.pauseMs = 0;
    return r;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
