import { useState } from 'react';
import type { Panel } from '../../../../shared/api/schemas/dashboards';
import * as layout from '../../stores/dashboard-layout';
import { useDashboardsStore } from '../../stores';
import { PanelEditor } from './PanelEditor';
import { PanelView, ROW_PX } from './PanelView';

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

/** Panels flowing on a 12-column grid in their saved order; widths in columns, heights in rows. */
export function DashboardGrid({ panels, window: w, onZoom }: { panels: readonly Panel[]; window: { from: number; to: number }; onZoom: (r: [number, number]) => void }) {
  const editing = useDashboardsStore((s) => s.editing);
  const results = useDashboardsStore((s) => s.results);
  const [editingPanel, setEditingPanel] = useState<string | null>(null);

  return (
    <div className="dash-grid" data-testid="dashboard-grid">
      {panels.map((panel, i) => (
        <section
          key={panel.id}
          className={editing ? 'dash-panel dash-panel--editing' : 'dash-panel'}
          style={{ gridColumn: `span ${panel.width}`, minHeight: panel.height * ROW_PX }}
          data-testid="dashboard-panel"
          data-panel-id={panel.id}
          data-width={panel.width}
          data-height={panel.height}
          data-chart={panel.chart}
        >
          <header className="dash-panel__head">
            <h3 className="dash-panel__title" data-testid="panel-title">
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
        </section>
      ))}
    </div>
  );
}
