import type { EndpointConfig } from '../../../shared/api/schemas/fleet';
import type { MetricSample } from '../../db/repos/metrics';

/** What a kind needs of an endpoint to check it. */
export interface CheckTarget {
  id: number;
  name: string;
  url: string;
  timeoutMs: number;
  config: EndpointConfig;
}

export interface CheckResult {
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
  /** Samples a kind produced besides latency (a Prometheus scrape's series). */
  samples?: MetricSample[];
}

/** One monitored-endpoint kind: which URLs and settings it takes, and how a check is made. */
export interface CheckKind {
  readonly kind: string;
  readonly protocols: readonly string[];
  /** Why these settings cannot work for this kind ("field: reason"), or null. */
  validate(url: URL, config: EndpointConfig): string | null;
  check(target: CheckTarget, now: number): Promise<CheckResult>;
}

export const roundMs = (ms: number): number => Math.round(ms * 10) / 10;
