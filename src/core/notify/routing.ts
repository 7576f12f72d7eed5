/**
 * The routing tree, Alertmanager style: an alert enters at the root (which matches everything)
 * and descends into the first child whose matchers fit, and on into further siblings while the
 * matched child says `continue`. The deepest matching routes are the ones that notify.
 */
import { ApiError } from '../../shared/api/errors';
import type { Severity } from '../../shared/api/schemas/alerts';
import { newRouteSettings, type Matcher, type Route, type RoutingConfig } from '../../shared/api/schemas/notify';
import { parseDuration } from '../query/time';

export const DEFAULT_ROUTING: RoutingConfig = {
  routes: [newRouteSettings('root', null, ['Desktop', 'In-app banner', 'Browser', 'Alarm sound'])],
  flood: { max_alerts: 20, window: '5m' },
};

/** A route with its durations in ms, ready for the notifier. */
export interface CompiledRoute {
  route: Route;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatMs: number;
  escalation: { afterMs: number; receivers: string[] }[];
  children: CompiledRoute[];
  test: (labels: Record<string, string>, severity: Severity) => boolean;
}

export interface CompiledRouting {
  root: CompiledRoute;
  floodMax: number;
  floodWindowMs: number;
}

function matcherTest(m: Matcher, field: string): (labels: Record<string, string>) => boolean {
  if (m.op === '=' || m.op === '!=') {
    const eq = m.op === '=';
    return (labels) => ((labels[m.name] ?? '') === m.value) === eq;
  }
  let re: RegExp;
  try {
    // Anchored like Prometheus matchers: `=~"sc-.*"` must match the whole value.
    re = new RegExp(`^(?:${m.value})$`);
  } catch (e) {
    throw new ApiError('bad_request', `${field}.value: not a valid regular expression (${(e as Error).message.slice(0, 100)})`);
  }
  const want = m.op === '=~';
  return (labels) => re.test(labels[m.name] ?? '') === want;
}

/**
 * Checks a tree and compiles it. Refusals name the position (`routes[2].receivers[0]`).
 * `channelNames` are the receivers that exist.
 */
export function compileRouting(config: RoutingConfig, channelNames: ReadonlySet<string>): CompiledRouting {
  const byId = new Map<string, CompiledRoute>();
  const roots: CompiledRoute[] = [];
  config.routes.forEach((route, i) => {
    const at = `routes[${i}]`;
    if (byId.has(route.id)) throw new ApiError('bad_request', `${at}.id: "${route.id}" is used by another route`);
    route.receivers.forEach((r, j) => {
      if (!channelNames.has(r)) throw new ApiError('bad_request', `${at}.receivers[${j}]: no channel is named "${r.slice(0, 80)}"`);
    });
    route.escalation.forEach((tier, k) =>
      tier.receivers.forEach((r, j) => {
        if (!channelNames.has(r)) throw new ApiError('bad_request', `${at}.escalation[${k}].receivers[${j}]: no channel is named "${r.slice(0, 80)}"`);
      }),
    );
    const tests = route.matchers.map((m, j) => matcherTest(m, `${at}.matchers[${j}]`));
    const severities = new Set(route.severities);
    const compiled: CompiledRoute = {
      route,
      groupWaitMs: parseDuration(route.group_wait, `${at}.group_wait`),
      groupIntervalMs: Math.max(1000, parseDuration(route.group_interval, `${at}.group_interval`)),
      repeatMs: route.repeat_interval === '0' ? 0 : parseDuration(route.repeat_interval, `${at}.repeat_interval`),
      escalation: route.escalation.map((t, k) => ({ afterMs: parseDuration(t.after, `${at}.escalation[${k}].after`), receivers: t.receivers })),
      children: [],
      test: (labels, severity) => (severities.size === 0 || severities.has(severity)) && tests.every((t) => t(labels)),
    };
    byId.set(route.id, compiled);
    if (route.parent === null) roots.push(compiled);
  });
  if (roots.length !== 1) throw new ApiError('bad_request', `routes: exactly one route must have parent null (the root); found ${roots.length}`);
  config.routes.forEach((route, i) => {
    if (route.parent === null) return;
    const parent = byId.get(route.parent);
    if (!parent) throw new ApiError('bad_request', `routes[${i}].parent: no route has id "${route.parent}"`);
    parent.children.push(byId.get(route.id) as CompiledRoute);
  });
  // Every route must hang from the root: a cycle would leave some unreachable.
  const seen = new Set<string>();
  const walk = (r: CompiledRoute) => {
    seen.add(r.route.id);
    r.children.forEach(walk);
  };
  walk(roots[0] as CompiledRoute);
  const lost = config.routes.findIndex((r) => !seen.has(r.id));
  if (lost >= 0) throw new ApiError('bad_request', `routes[${lost}].parent: the route is not reachable from the root (a cycle)`);
  return {
    root: roots[0] as CompiledRoute,
    floodMax: config.flood.max_alerts,
    floodWindowMs: parseDuration(config.flood.window, 'flood.window'),
  };
}

/** The routes that notify for an alert with these labels (the root when no child matches). */
export function matchRoutes(root: CompiledRoute, labels: Record<string, string>, severity: Severity): CompiledRoute[] {
  const out: CompiledRoute[] = [];
  for (const child of root.children) {
    if (!child.test(labels, severity)) continue;
    out.push(...matchRoutes(child, labels, severity));
    if (!child.route.continue) break;
  }
  return out.length ? out : [root];
}

/** `alertname=X,spacecraft=Y` for a route's group_by; `...` groups by every label. */
export function groupKey(route: CompiledRoute, labels: Record<string, string>): string {
  const by = route.route.group_by.includes('...') ? Object.keys(labels).sort() : route.route.group_by;
  return `${route.route.id}{${by.map((k) => `${k}=${JSON.stringify(labels[k] ?? '')}`).join(',')}}`;
}
