import { describe, expect, it } from 'vitest';
import type { Panel } from '../../../../src/shared/api/schemas/dashboards';
import { columnWidth, dropTarget, movePanelTo, resizedSpan } from '../../../../src/renderer/src/features/dashboards/grid-geometry';

const panel = (id: string, width = 6, height = 3): Panel => ({ id, title: id, queries: ['up'], chart: 'line', width, height });

describe('dashboard grid geometry', () => {
  // Two panels side by side on the first row, one below on the second.
  const others = [
    { id: 'a', rect: { left: 0, top: 0, width: 100, height: 80 } },
    { id: 'b', rect: { left: 110, top: 0, width: 100, height: 80 } },
    { id: 'c', rect: { left: 0, top: 90, width: 210, height: 80 } },
  ];

  it('drops before the panel under the pointer on its left half, after it on its right half', () => {
    expect(dropTarget(others, 20, 40)).toEqual({ id: 'a', side: 'before', index: 0 });
    expect(dropTarget(others, 80, 40)).toEqual({ id: 'a', side: 'after', index: 1 });
    expect(dropTarget(others, 190, 10)).toEqual({ id: 'b', side: 'after', index: 2 });
    expect(dropTarget(others, 50, 120)).toEqual({ id: 'c', side: 'before', index: 2 });
  });

  it('outside every panel, the nearest one decides; nothing to drop on is null', () => {
    expect(dropTarget(others, 400, 300)).toEqual({ id: 'c', side: 'after', index: 3 });
    expect(dropTarget(others, 105, 40)?.id).toBe('a'); // in the gap, nearer to a's edge (5 px) than b's (5 px): the first wins
    expect(dropTarget([], 10, 10)).toBeNull();
  });

  it('moves a panel to a place counted without it', () => {
    const ps = [panel('a'), panel('b'), panel('c')];
    expect(movePanelTo(ps, 'c', 0).map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect(movePanelTo(ps, 'a', 2).map((p) => p.id)).toEqual(['b', 'c', 'a']);
    expect(movePanelTo(ps, 'a', 99).map((p) => p.id)).toEqual(['b', 'c', 'a']);
    expect(movePanelTo(ps, 'b', 1).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(movePanelTo(ps, 'zz', 0)).toEqual(ps);
  });

  it('turns a resize drag into whole columns and rows, within 1–12 and 1–8', () => {
    // 12 columns of 50 px with 11 gaps of 12 px: 732 px wide.
    const grid = { colWidth: columnWidth(732, 12), gap: 12, rowPx: 80 };
    expect(grid.colWidth).toBe(50);
    expect(resizedSpan({ width: 6, height: 3 }, { dx: 0, dy: 0 }, grid)).toEqual({ width: 6, height: 3 });
    expect(resizedSpan({ width: 6, height: 3 }, { dx: 124, dy: 80 }, grid)).toEqual({ width: 8, height: 4 });
    expect(resizedSpan({ width: 6, height: 3 }, { dx: 20, dy: 30 }, grid)).toEqual({ width: 6, height: 3 });
    expect(resizedSpan({ width: 6, height: 3 }, { dx: 40, dy: -50 }, grid)).toEqual({ width: 7, height: 2 });
    expect(resizedSpan({ width: 6, height: 3 }, { dx: 5000, dy: 5000 }, grid)).toEqual({ width: 12, height: 8 });
    expect(resizedSpan({ width: 6, height: 3 }, { dx: -5000, dy: -5000 }, grid)).toEqual({ width: 1, height: 1 });
  });
});
