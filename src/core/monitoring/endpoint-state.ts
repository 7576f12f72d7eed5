import type { Endpoint } from '../../shared/api/schemas/fleet';

export interface EndpointState {
  status: Endpoint['status'];
  failures: number;
}

/**
 * The status after one check. A success is up at once; a failure counts, and the endpoint goes
 * down only when more than `retries` checks in a row have failed (until then it keeps its
 * status, so one lost packet does not page anyone).
 */
export function nextEndpointState(prev: EndpointState, ok: boolean, retries: number): EndpointState & { changed: boolean } {
  if (ok) return { status: 'up', failures: 0, changed: prev.status !== 'up' };
  const failures = prev.failures + 1;
  const status = failures > retries ? 'down' : prev.status;
  return { status, failures, changed: status !== prev.status };
}
