/**
 * Hash routing: `#/logs?q=timeout&min_level=WARN`. A hash survives being served from file://
 * (desktop) and from a station's static handler alike, and a copied URL restores the view.
 */
export const PAGES = [
  { id: 'overview', label: 'Overview' },
  { id: 'logs', label: 'Logs' },
  { id: 'parsing', label: 'Parsing' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'dashboards', label: 'Dashboards' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'rules', label: 'Rules' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'spacecraft', label: 'Spacecraft' },
  { id: 'endpoints', label: 'Endpoints' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];
export const DEFAULT_PAGE: PageId = 'overview';

export interface Route {
  page: PageId;
  params: URLSearchParams;
}

const isPageId = (v: string): v is PageId => PAGES.some((p) => p.id === v);

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q === -1 ? raw : raw.slice(0, q)).replace(/\/+$/, '').toLowerCase();
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  return { page: isPageId(path) ? path : DEFAULT_PAGE, params };
}

export function formatHash(page: PageId, params?: URLSearchParams): string {
  const query = params?.toString() ?? '';
  return `#/${page}${query ? `?${query}` : ''}`;
}
