import { useState } from 'react';
import { PANEL_CHARTS, type Panel } from '../../../../shared/api/schemas/dashboards';
import { oneOf } from '../../lib/enums';
import { parseThresholds } from '../../stores/metrics-explorer';

const CHART_NAMES = { line: 'Line', area: 'Area', bar: 'Bar', heatmap: 'Heatmap (histogram)', stat: 'Single value' } as const;

/** Title, queries (one per line), chart type, thresholds and unit of one panel. */
export function PanelEditor({ panel, onApply, onCancel }: { panel: Panel; onApply: (patch: Partial<Omit<Panel, 'id'>>) => void; onCancel: () => void }) {
  const [title, setTitle] = useState(panel.title);
  const [queries, setQueries] = useState(panel.queries.join('\n'));
  const [chart, setChart] = useState(panel.chart);
  const [thresholds, setThresholds] = useState((panel.options?.thresholds ?? []).join(', '));
  const [unit, setUnit] = useState(panel.options?.unit ?? '');
  const [stacked, setStacked] = useState(panel.options?.stacked ?? false);
  const [problem, setProblem] = useState<string | null>(null);

  const apply = () => {
    const qs = queries.split('\n').map((q) => q.trim()).filter(Boolean);
    if (qs.length === 0) return setProblem('Enter at least one query');
    if (qs.length > 8) return setProblem('At most 8 queries per panel');
    const t = parseThresholds(thresholds);
    if (t.invalid.length > 0) return setProblem(`Thresholds: not a number: ${t.invalid.join(', ')}`);
    const options = { ...panel.options, thresholds: t.values, unit: unit.trim() || undefined, stacked };
    if (!options.unit) delete options.unit;
    onApply({ title: title.trim(), queries: qs, chart, options });
  };

  return (
    <form
      className="panel-editor"
      data-testid="panel-editor"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label>
        Title
        <input className="input" data-testid="panel-edit-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Queries (one per line)
        <textarea className="input mono" rows={3} data-testid="panel-edit-queries" value={queries} spellCheck={false} onChange={(e) => setQueries(e.target.value)} />
      </label>
      <div className="panel-editor__row">
        <label>
          Chart
          <select
            className="select"
            data-testid="panel-edit-chart"
            value={chart}
            onChange={(e) => {
              const c = oneOf(PANEL_CHARTS, e.target.value);
              if (c) setChart(c);
            }}
          >
            {PANEL_CHARTS.map((c) => (
              <option key={c} value={c}>
                {CHART_NAMES[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Thresholds
          <input className="input" data-testid="panel-edit-thresholds" placeholder="45, 50" value={thresholds} onChange={(e) => setThresholds(e.target.value)} />
        </label>
        <label>
          Unit
          <input className="input" data-testid="panel-edit-unit" placeholder="°C" maxLength={20} value={unit} onChange={(e) => setUnit(e.target.value)} />
        </label>
        <label className="panel-editor__check">
          <input type="checkbox" data-testid="panel-edit-stacked" checked={stacked} onChange={(e) => setStacked(e.target.checked)} />
          Stacked
        </label>
      </div>
      {problem ? (
        <span className="text-error" role="alert" data-testid="panel-edit-problem">
          {problem}
        </span>
      ) : null}
      <div className="panel-editor__row">
        <button type="submit" className="button button--primary button--small" data-testid="panel-edit-apply">
          Apply
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
