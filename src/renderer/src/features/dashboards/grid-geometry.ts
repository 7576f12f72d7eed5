/**
 * The arithmetic behind dragging panels on the dashboard grid, kept free of the DOM so tests can
 * check it: which place a dragged panel would drop into, and how many columns and rows a
 * resize handle dragged by some pixels means. The layout stays what the schema stores: an
 * ordered list of panels flowing over 12 columns, each with a width in columns and a height in
 * rows; a drag changes the order or the size, never free x/y positions.
 */
import { GRID_COLUMNS, MAX_PANEL_ROWS, type Panel } from '../../../../shared/api/schemas/dashboards';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Distance from a point to a rectangle (0 inside it). */
function distance(r: Rect, x: number, y: number): number {
  const dx = Math.max(r.left - x, 0, x - (r.left + r.width));
  const dy = Math.max(r.top - y, 0, y - (r.top + r.height));
  return Math.hypot(dx, dy);
}

export interface DropTarget {
  /** The panel the pointer is over (or nearest to). */
  id: string;
  side: 'before' | 'after';
  /** Where the dragged panel goes in the list without it. */
  index: number;
}

/**
 * The drop place for a pointer at (x, y) among the other panels (in list order, the dragged one
 * left out): before the panel under the pointer when on its left half, after it on its right half.
 */
export function dropTarget(others: readonly { id: string; rect: Rect }[], x: number, y: number): DropTarget | null {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < others.length; i++) {
    const d = distance((others[i] as { rect: Rect }).rect, x, y);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  const target = others[best];
  if (!target) return null;
  const side = x < target.rect.left + target.rect.width / 2 ? 'before' : 'after';
  return { id: target.id, side, index: side === 'before' ? best : best + 1 };
}

/** The list with panel `id` taken out and put back at `index` (counted without it). */
export function movePanelTo(panels: readonly Panel[], id: string, index: number): Panel[] {
  const from = panels.findIndex((p) => p.id === id);
  if (from === -1) return [...panels];
  const rest = panels.filter((p) => p.id !== id);
  rest.splice(clamp(index, 0, rest.length), 0, panels[from] as Panel);
  return rest;
}

/** Column width and gap of a grid `gridWidth` px wide with `gap` px between its 12 columns. */
export function columnWidth(gridWidth: number, gap: number): number {
  return Math.max(1, (gridWidth - (GRID_COLUMNS - 1) * gap) / GRID_COLUMNS);
}

/**
 * The size a resize drag asks for: the panel's width in px plus the drag, to the nearest whole
 * span of columns (gaps included), and likewise rows of `rowPx`; kept within the grid's limits.
 */
export function resizedSpan(
  start: { width: number; height: number },
  drag: { dx: number; dy: number },
  grid: { colWidth: number; gap: number; rowPx: number },
): { width: number; height: number } {
  const startPx = start.width * grid.colWidth + (start.width - 1) * grid.gap;
  const width = clamp(Math.round((startPx + drag.dx + grid.gap) / (grid.colWidth + grid.gap)), 1, GRID_COLUMNS);
  const height = clamp(Math.round((start.height * grid.rowPx + drag.dy) / grid.rowPx), 1, MAX_PANEL_ROWS);
  return { width, height };
}
