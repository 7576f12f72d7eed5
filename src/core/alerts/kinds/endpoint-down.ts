import type { RuleKindModule } from './types';

/** A monitored endpoint (by name, or * for every one) is down (after its retries): value 1 when down, 0 when up. */
export const endpointDown: RuleKindModule = {
  kind: 'endpoint_down',
  evaluateOnIngest: false,
  backtestable: false,
  defaultOperator: '>=',
  validate() {
    // A name that matches no endpoint today may match one registered later.
  },
  evaluate(ctx, rule) {
    const target = rule.condition.trim();
    const endpoints = (ctx.endpoints?.list() ?? []).filter((e) => target === '*' || e.name === target);
    return {
      series: endpoints.map((e) => ({
        labels: { endpoint: e.name, ...(e.spacecraft_id ? { spacecraft: e.spacecraft_id } : {}) },
        // Unknown or paused: no data, so neither firing nor resolving on it.
        value: e.status === 'down' ? 1 : e.status === 'up' ? 0 : null,
        details: { endpoint_id: e.id, url: e.endpoint_url, last_check: e.last_check, last_error: e.last_error },
      })),
    };
  },
  describe(_rule, value) {
    return `endpoint down = ${value}`;
  },
};
