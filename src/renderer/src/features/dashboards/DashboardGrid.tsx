import { useRef, useState } from 'react';
import type { Panel } from '../../../../shared/api/schemas/dashboards';
import * as layout from '../../stores/dashboard-layout';
import { useDashboardsStore } from '../../stores';
import { PanelEditor } from './PanelEditor';
import { PanelView, ROW_PX } from './PanelView';
import { usePanelDrag, type PanelDrag } from './usePanelDrag';

/** Move, resize, edit and remove buttons of a panel in edit mode. */
function PanelTools({ panel, index, count, onEdit }: { panel: Panel; index: number; count: number; onEdit: () => void }) {
  const edit = useDashboardsStore.getState().edit;
  const btn = (label: string, testId: string, title: string, onClick: () => void, disabled = false) => (
    <button type="button" className="button button--small" data-testid={testId} title={title} aria-label={`${title}: ${panel.title}`} disabled={disabled} onClick={onClick}>
      {label}
    </button>
  );
  return (
    <div className="panel-tools" data-testid="panel-tools">
      {btn('←', 'panel-move-earlier', 'Move earlier', () => edit((p) => layout.movePanel(p, panel.id, -1)), index === 0)}
      {btn('→', 'panel-move-later', 'Move later', () => edit((p) => layout.movePanel(p, panel.id, 1)), index === count - 1)}
      {btn('−W', 'panel-narrower', 'Narrower', () => edit((p) => layout.resizePanel(p, panel.id, -1, 0)), panel.width <= 1)}
      {btn('+W', 'panel-wider', 'Wider', () => edit((p) => layout.resizePanel(p, panel.id, 1, 0)), panel.width >= 12)}
      {btn('−H', 'panel-shorter', 'Shorter', () => edit((p) => layout.resizePanel(p, panel.id, 0, -1)), panel.height <= 1)}
      {btn('+H', 'panel-taller', 'Taller', () => edit((p) => layout.resizePanel(p, panel.id, 0, 1)), panel.height >= 8)}
      {btn('Edit', 'panel-edit', 'Edit panel', onEdit)}
      {btn('✕', 'panel-remove', 'Remove panel', () => edit((p) => layout.removePanel(p, panel.id)))}
    </div>
  );
}

/** Where a drag shows a panel: its previewed size, following the pointer, or marked as the drop place. */
function dragLook(panel: Panel, drag: PanelDrag | null): { width: number; height: number; className: string; transform?: string } {
  if (drag?.kind === 'resize' && drag.id === panel.id) return { width: drag.width, height: drag.height, className: ' dash-panel--resizing' };
  if (drag?.kind === 'move' && drag.id === panel.id) return { width: panel.width, height: panel.height, className: ' dash-panel--dragging', transform: `translate(${drag.dx}px, ${drag.dy}px)` };
  if (drag?.kind === 'move' && drag.target?.id === panel.id) return { width: panel.width, height: panel.height, className: ` dash-panel--drop-${drag.target.side}` };
  return { width: panel.width, height: panel.height, className: '' };
}

/**
 * Panels flowing on a 12-column grid in their saved order; widths in columns, heights in rows.
 * In edit mode a panel's header drags it to another place and its corner handle resizes it (the
 * buttons do the same from the keyboard).
 */
export function DashboardGrid({ panels, window: w, onZoom }: { panels: readonly Panel[]; window: { from: number; to: number }; onZoom: (r: [number, number]) => void }) {
  const editing = useDashboardsStore((s) => s.editing);
  const results = useDashboardsStore((s) => s.results);
  const [editingPanel, setEditingPanel] = useState<string | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const { drag, startMove, startResize } = usePanelDrag(gridRef, panels, useDashboardsStore.getState().edit, ROW_PX);

  return (
    <div className={drag ? 'dash-grid dash-grid--dragging' : 'dash-grid'} data-testid="dashboard-grid" data-drag={drag?.kind ?? ''} ref={gridRef}>
      {panels.map((panel, i) => {
        const look = dragLook(panel, drag);
        return (
          <section
            key={panel.id}
            className={(editing ? 'dash-panel dash-panel--editing' : 'dash-panel') + look.className}
            style={{ gridColumn: `span ${look.width}`, minHeight: look.height * ROW_PX, transform: look.transform }}
            data-testid="dashboard-panel"
            data-panel-id={panel.id}
            data-width={panel.width}
            data-height={panel.height}
            data-chart={panel.chart}
          >
            <header className="dash-panel__head">
              <h3
                className={editing ? 'dash-panel__title dash-panel__title--handle' : 'dash-panel__title'}
                data-testid="panel-title"
                title={editing ? 'Drag to move (or use the arrow buttons)' : undefined}
                onPointerDown={editing ? (e) => startMove(e, panel) : undefined}
              >
                {panel.title || panel.queries[0]}
              </h3>
              {editing ? <PanelTools panel={panel} index={i} count={panels.length} onEdit={() => setEditingPanel(panel.id)} /> : null}
            </header>
            {editing && editingPanel === panel.id ? (
              <PanelEditor
                panel={panel}
                onCancel={() => setEditingPanel(null)}
                onApply={(patch) => {
                  useDashboardsStore.getState().edit((p) => layout.updatePanel(p, panel.id, patch));
                  setEditingPanel(null);
                }}
              />
            ) : (
              <PanelView panel={panel} results={results[panel.id]} window={w} onZoom={onZoom} />
            )}
            {editing ? (
              <span
                className="dash-panel__resize"
                data-testid="panel-resize-handle"
                title="Drag to resize (or use the −W/+W/−H/+H buttons)"
                aria-hidden="true"
                onPointerDown={(e) => startResize(e, panel)}
              />
            ) : null}
            {look.className === ' dash-panel--resizing' ? (
              <span className="dash-panel__size mono" data-testid="panel-size-preview">
                {look.width} × {look.height}
              </span>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
