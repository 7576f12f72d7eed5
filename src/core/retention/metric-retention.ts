/**
 * Metric retention per resolution: raw samples, 1 m, 1 h and 1 d rollups each have their own
 * age (default raw 7 d, 1 m 30 d, 1 h 1 y, 1 d forever), kept in the settings table. Coarser
 * data outlives finer data, so long ranges stay answerable after the raw samples are gone.
 */
import { ApiError } from '../../shared/api/errors';
import type { MetricRetention } from '../../shared/api/schemas/metrics';
import type { MetricsRepo } from '../db/repos/metrics';
import { RESOLUTIONS } from '../db/repos/rollups';
import { parseRetentionAge } from './policy';

export const DEFAULT_METRIC_RETENTION: MetricRetention = { raw: '7d', '1m': '30d', '1h': '365d', '1d': 'forever' };
const KEYS = ['raw', '1m', '1h', '1d'] as const;

export function checkMetricRetention(input: Partial<MetricRetention>): MetricRetention | string {
  for (const key of KEYS) {
    const v = input[key];
    if (v !== undefined && parseRetentionAge(v) === undefined) {
      return `${key}: '${v.slice(0, 32)}' is not a retention age; write hours or days (12h, 30d, 365d) or forever`;
    }
  }
  return { ...DEFAULT_METRIC_RETENTION, ...input };
}

export class MetricRetentionJob {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: MetricsRepo,
    private readonly now: () => number,
    private readonly onError: (e: unknown) => void,
  ) {}

  policy(): MetricRetention {
    const stored = this.repo.retentionPolicy();
    const checked = checkMetricRetention(stored ?? {});
    return typeof checked === 'string' ? DEFAULT_METRIC_RETENTION : checked;
  }

  set(input: Partial<MetricRetention>): MetricRetention {
    const checked = checkMetricRetention({ ...this.policy(), ...input });
    if (typeof checked === 'string') throw new ApiError('bad_request', checked);
    this.repo.saveRetentionPolicy(checked);
    return checked;
  }

  /** Delete what is older than its resolution keeps; returns rows deleted per resolution. */
  run(): Record<(typeof KEYS)[number], number> {
    const p = this.policy();
    const now = this.now();
    const cutoff = (age: string) => {
      const ms = parseRetentionAge(age);
      return ms === null || ms === undefined ? null : now - ms;
    };
    const out = { raw: 0, '1m': 0, '1h': 0, '1d': 0 };
    const raw = cutoff(p.raw);
    if (raw !== null) out.raw = this.repo.deleteSamplesBefore(raw);
    for (const r of RESOLUTIONS) {
      const c = cutoff(p[r.name]);
      if (c !== null) out[r.name] = this.repo.rollups.deleteBefore(r.ms, c);
    }
    return out;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      try {
        this.run();
      } catch (e) {
        this.onError(e);
      }
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
