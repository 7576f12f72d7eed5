export interface CheckResult {
  status: 'up' | 'down';
  latency_ms: number | null;
  error: string | null;
}

/** One monitored-endpoint kind: how a check of its URL is made. */
export interface CheckKind {
  readonly kind: string;
  check(url: string, timeoutMs: number): Promise<CheckResult>;
}
