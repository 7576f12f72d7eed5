import { newRouteSettings, type Matcher, type Route, type RoutingConfig } from '../../../../shared/api/schemas/notify';

/** `spacecraft=sc-1, subsystem=~power|thermal` ⇄ matchers. Order of operators matters: `!~` before `!=`. */
const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

export function formatMatchers(ms: Matcher[]): string {
  return ms.map((m) => `${m.name}${m.op}${m.value}`).join(', ');
}

/** Throws an Error naming the piece it cannot read. */
export function parseMatchers(text: string): Matcher[] {
  if (!text.trim()) return [];
  return text.split(',').map((piece, i) => {
    const m = MATCHER.exec(piece);
    if (!m) throw new Error(`matcher ${i + 1} ("${piece.trim()}") is not label=value, label!=value, label=~regex or label!~regex`);
    return { name: m[1] as string, op: m[2] as Matcher['op'], value: (m[3] as string).replace(/^"(.*)"$/, '$1') };
  });
}

export const splitList = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

/** Routes in tree order (parents before children, siblings in list order) with their depth. */
export function treeOrder(routes: Route[]): { route: Route; depth: number }[] {
  const out: { route: Route; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const r of routes) {
      if (r.parent !== parent || out.some((o) => o.route.id === r.id)) continue;
      out.push({ route: r, depth });
      visit(r.id, depth + 1);
    }
  };
  visit(null, 0);
  // Routes the tree cannot reach (a broken parent) still show, at the end, so they can be fixed.
  for (const r of routes) if (!out.some((o) => o.route.id === r.id)) out.push({ route: r, depth: 0 });
  return out;
}

export function newRoute(parent: string, existing: Route[]): Route {
  let n = existing.length;
  while (existing.some((r) => r.id === `route-${n}`)) n++;
  return newRouteSettings(`route-${n}`, parent);
}

/** Removing a route removes its subtree too. */
export function removeRoute(config: RoutingConfig, id: string): RoutingConfig {
  const gone = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of config.routes) {
      if (r.parent && gone.has(r.parent) && !gone.has(r.id)) {
        gone.add(r.id);
        grew = true;
      }
    }
  }
  return { ...config, routes: config.routes.filter((r) => !gone.has(r.id)) };
}
