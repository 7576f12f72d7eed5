import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type { Panel } from '../../../../shared/api/schemas/dashboards';
import { columnWidth, dropTarget, movePanelTo, resizedSpan, type DropTarget } from './grid-geometry';

/** What a drag in progress looks like, for the grid to draw: a panel following the pointer, or a new size. */
export type PanelDrag =
  | { kind: 'move'; id: string; dx: number; dy: number; target: DropTarget | null }
  | { kind: 'resize'; id: string; width: number; height: number };

/** Under this many pixels a press on the handle is a click, not a drag. */
const SLOP_PX = 4;

interface Session {
  pointerId: number;
  x0: number;
  y0: number;
  moved: boolean;
  update(e: PointerEvent): PanelDrag | null;
  finish(last: PanelDrag | null): void;
}

/**
 * Pointer dragging on the dashboard grid: the header moves a panel to another place in the flow,
 * the corner handle resizes it in whole columns and rows. The change is applied to the draft
 * only on release (Escape cancels), through `edit`, so Save stores it like the buttons' edits.
 */
export function usePanelDrag(
  gridRef: RefObject<HTMLElement | null>,
  panels: readonly Panel[],
  edit: (change: (panels: readonly Panel[]) => Panel[]) => void,
  rowPx: number,
) {
  const [drag, setDrag] = useState<PanelDrag | null>(null);
  const session = useRef<Session | null>(null);
  const latest = useRef<PanelDrag | null>(null);

  const show = (d: PanelDrag | null) => {
    latest.current = d;
    setDrag(d);
  };

  const end = useCallback((commit: boolean) => {
    const s = session.current;
    session.current = null;
    if (s && commit && s.moved) s.finish(latest.current);
    latest.current = null;
    setDrag(null);
  }, []);

  useEffect(() => {
    const onMove = (e: PointerEvent) => {
      const s = session.current;
      if (!s || e.pointerId !== s.pointerId) return;
      if (!s.moved && Math.hypot(e.clientX - s.x0, e.clientY - s.y0) < SLOP_PX) return;
      s.moved = true;
      e.preventDefault();
      show(s.update(e));
    };
    const onUp = (e: PointerEvent) => {
      if (session.current && e.pointerId === session.current.pointerId) end(true);
    };
    const onCancel = () => end(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && session.current) end(false);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
      window.removeEventListener('keydown', onKey);
    };
  }, [end]);

  /** The other panels' places on screen, in list order. */
  const otherRects = (id: string) => {
    const grid = gridRef.current;
    if (!grid) return [];
    return [...grid.querySelectorAll<HTMLElement>('[data-panel-id]')]
      .filter((el) => el.dataset.panelId !== id)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.dataset.panelId as string, rect: { left: r.left, top: r.top, width: r.width, height: r.height } };
      });
  };

  const begin = (e: ReactPointerEvent, s: Omit<Session, 'pointerId' | 'x0' | 'y0' | 'moved'>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    session.current = { pointerId: e.pointerId, x0: e.clientX, y0: e.clientY, moved: false, ...s };
  };

  const startMove = (e: ReactPointerEvent, panel: Panel) => {
    const x0 = e.clientX;
    const y0 = e.clientY;
    begin(e, {
      // Places are read at every move: the page may have scrolled since the press.
      update: (ev) => ({ kind: 'move', id: panel.id, dx: ev.clientX - x0, dy: ev.clientY - y0, target: dropTarget(otherRects(panel.id), ev.clientX, ev.clientY) }),
      finish: (last) => {
        if (last?.kind === 'move' && last.target) {
          const index = last.target.index;
          edit((p) => movePanelTo(p, panel.id, index));
        }
      },
    });
  };

  const startResize = (e: ReactPointerEvent, panel: Panel) => {
    const grid = gridRef.current;
    if (!grid) return;
    const gap = Number.parseFloat(getComputedStyle(grid).columnGap) || 0;
    const metrics = { colWidth: columnWidth(grid.clientWidth, gap), gap, rowPx };
    const x0 = e.clientX;
    const y0 = e.clientY;
    e.stopPropagation();
    begin(e, {
      update: (ev) => ({ kind: 'resize', id: panel.id, ...resizedSpan(panel, { dx: ev.clientX - x0, dy: ev.clientY - y0 }, metrics) }),
      finish: (last) => {
        if (last?.kind !== 'resize' || (last.width === panel.width && last.height === panel.height)) return;
        const { width, height } = last;
        edit((p) => p.map((q) => (q.id === panel.id ? { ...q, width, height } : q)));
      },
    });
  };

  // A panel list replaced under a drag (Discard, a reload) ends it without applying anything.
  useEffect(() => () => end(false), [panels, end]);

  return { drag, startMove, startResize };
}
