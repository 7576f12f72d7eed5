/**
 * Panel editing as pure functions over the panel list (the order is the layout: panels flow
 * left to right on a 12-column grid), so the dashboards store stays thin and tests need no DOM.
 */
import { GRID_COLUMNS, MAX_PANEL_ROWS, type DashboardInput, type Panel } from '../../../shared/api/schemas/dashboards';

export const EXPORT_MARKER = 'observatory_dashboard';
export const EXPORT_VERSION = 1;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** An id unused in `panels`: p1, p2 … */
export function nextPanelId(panels: readonly Panel[]): string {
  const used = new Set(panels.map((p) => p.id));
  let n = panels.length + 1;
  while (used.has(`p${n}`)) n += 1;
  return `p${n}`;
}

export function newPanel(panels: readonly Panel[], query = 'avg(host.cpu.usage_pct)'): Panel {
  return { id: nextPanelId(panels), title: 'New panel', queries: [query], chart: 'line', width: 6, height: 3 };
}

/** Move a panel `delta` places earlier (negative) or later in the flow; out-of-range moves are no-ops. */
export function movePanel(panels: readonly Panel[], id: string, delta: number): Panel[] {
  const i = panels.findIndex((p) => p.id === id);
  const j = i + delta;
  if (i === -1 || j < 0 || j >= panels.length) return [...panels];
  const out = [...panels];
  const [moved] = out.splice(i, 1);
  out.splice(j, 0, moved as Panel);
  return out;
}

/** Grow or shrink a panel, kept within 1–12 columns and 1–8 rows. */
export function resizePanel(panels: readonly Panel[], id: string, dWidth: number, dHeight: number): Panel[] {
  return panels.map((p) =>
    p.id === id
      ? { ...p, width: clamp(p.width + dWidth, 1, GRID_COLUMNS), height: clamp(p.height + dHeight, 1, MAX_PANEL_ROWS) }
      : p,
  );
}

export function updatePanel(panels: readonly Panel[], id: string, patch: Partial<Omit<Panel, 'id'>>): Panel[] {
  return panels.map((p) => (p.id === id ? { ...p, ...patch } : p));
}

export function removePanel(panels: readonly Panel[], id: string): Panel[] {
  return panels.filter((p) => p.id !== id);
}

/** The export file: the save input minus the id, marked so an import can recognise it. */
export function exportDashboard(d: { name: string; description?: string; panels: readonly Panel[] }): string {
  return JSON.stringify({ [EXPORT_MARKER]: EXPORT_VERSION, name: d.name, description: d.description ?? '', panels: d.panels }, null, 2);
}

export type ParsedImport = { ok: true; input: DashboardInput } | { ok: false; message: string };

/**
 * Read an exported file. Syntax and shape problems are reported here in words (with JSON's own
 * position); the fields themselves are validated by the station's schema on save, whose 400
 * names the field, so the rules live in one place.
 */
export function parseDashboardImport(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Not a dashboard: expected a JSON object with "name" and "panels"' };
  }
  const { [EXPORT_MARKER]: marker, id: _id, created_at: _c, updated_at: _u, ...rest } = value as Record<string, unknown>;
  if (marker !== undefined && marker !== EXPORT_VERSION) {
    return { ok: false, message: `Unsupported dashboard file version ${JSON.stringify(marker)} (this console reads ${EXPORT_VERSION})` };
  }
  if (typeof rest.name !== 'string' || !Array.isArray(rest.panels)) {
    return { ok: false, message: 'Not a dashboard: expected a JSON object with "name" (text) and "panels" (a list)' };
  }
  return { ok: true, input: rest as DashboardInput };
}
