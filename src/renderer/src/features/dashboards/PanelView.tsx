import { useMemo } from 'react';
import type { Panel } from '../../../../shared/api/schemas/dashboards';
import { EChart } from '../../charts/EChart';
import { compactNumber, heatmapOption, histogramHeatmap, timeSeriesOption } from '../../charts/options/query-series';
import { EmptyState, InlineError } from '../../components/Feedback';
import { namedSeries, type QueryResult } from '../../stores/metric-queries';

export const ROW_PX = 80;

/** The big number of a stat panel: the newest value of the first series, red at a threshold. */
function Stat({ panel, results }: { panel: Panel; results: readonly QueryResult[] }) {
  const first = namedSeries(results)[0];
  const last = first?.points.at(-1)?.[1];
  const limit = panel.options?.thresholds?.length ? Math.min(...panel.options.thresholds) : null;
  const over = limit !== null && last !== undefined && last >= limit;
  return (
    <div className={over ? 'stat stat--over' : 'stat'} data-testid="panel-stat" data-value={last ?? ''}>
      <span className="stat__value">{last === undefined ? '—' : compactNumber(last)}</span>
      {panel.options?.unit ? <span className="stat__unit">{panel.options.unit}</span> : null}
      {first ? <span className="stat__name mono small">{first.name}</span> : null}
    </div>
  );
}

/** One panel's chart over the global window; a drag on a time chart zooms every panel. */
export function PanelView({
  panel,
  results,
  window: w,
  onZoom,
}: {
  panel: Panel;
  results: readonly QueryResult[] | undefined;
  window: { from: number; to: number };
  onZoom: (range: [number, number]) => void;
}) {
  const height = panel.height * ROW_PX - 44;
  const option = useMemo(() => {
    if (!results || panel.chart === 'stat') return null;
    if (panel.chart === 'heatmap') {
      const heat = histogramHeatmap(results.flatMap((r) => r.series));
      return heat ? heatmapOption(heat) : null;
    }
    return timeSeriesOption({
      series: namedSeries(results),
      kind: panel.chart,
      from: w.from,
      to: w.to,
      thresholds: panel.options?.thresholds,
      stacked: panel.options?.stacked,
      unit: panel.options?.unit,
      brush: true,
    });
  }, [panel, results, w.from, w.to]);

  if (!results) return <div className="panel-view__loading muted small">Loading…</div>;
  const errors = results.filter((r) => r.status === 'error');
  return (
    <div className="panel-view">
      {errors.map((r) => (
        <InlineError key={r.query} message={`${r.query}: ${r.error ?? 'failed'}`} testId="panel-error" />
      ))}
      {panel.chart === 'stat' ? (
        <Stat panel={panel} results={results} />
      ) : option ? (
        <EChart
          option={option}
          ariaLabel={panel.title || 'Panel'}
          height={Math.max(60, height - errors.length * 36)}
          testId="panel-chart"
          onBrushX={panel.chart === 'heatmap' ? undefined : onZoom}
        />
      ) : errors.length === 0 ? (
        <EmptyState title={panel.chart === 'heatmap' ? 'No histogram buckets (le) in the answer' : 'No data'} />
      ) : null}
    </div>
  );
}
