import { useEffect, useMemo, useRef, useState } from 'react';
import { EChart } from '../../charts/EChart';
import type { echarts } from '../../charts/echarts';
import { heatmapOption, histogramHeatmap, timeSeriesOption } from '../../charts/options/query-series';
import { EmptyState, InlineError } from '../../components/Feedback';
import type { GlobalTimeRange } from '../../components/useGlobalTimeRange';
import { oneOf } from '../../lib/enums';
import { useExplorerStore } from '../../stores';
import { namedSeries, queryLetter } from '../../stores/metric-queries';
import { EXPLORER_CHARTS, MAX_QUERIES, parseThresholds } from '../../stores/metrics-explorer';
import { download, exportFileName, seriesToCsv } from './export-series';
import { currentHashParams, replaceHashParams } from './hash-params';
import { MetricNameList, SeriesSummary } from './ExplorerParts';

const CHART_LABELS = { line: 'Line', area: 'Area', bar: 'Bar', heatmap: 'Heatmap (histogram)' } as const;

/**
 * Query box(es), one chart with every visible query overlaid, threshold lines, PNG/CSV export.
 * Runs on submit and whenever the global window moves (live ticks, zooms, presets).
 */
export function MetricsExplorer({ time }: { time: GlobalTimeRange }) {
  const queries = useExplorerStore((s) => s.queries);
  const chart = useExplorerStore((s) => s.chart);
  const thresholdsText = useExplorerStore((s) => s.thresholds);
  const results = useExplorerStore((s) => s.results);
  const running = useExplorerStore((s) => s.running);
  // The URL restores the queries (a shared link shows the same chart), once, before the first run.
  const [runs, setRuns] = useState(() => {
    const params = currentHashParams();
    useExplorerStore.getState().restore(params.getAll('q'), params.get('chart'), params.get('thr'));
    return 1;
  });
  const instance = useRef<echarts.ECharts | null>(null);
  const store = useExplorerStore.getState;

  useEffect(() => {
    void store().run({ from: time.from, to: time.to, points: 600 });
  }, [runs, time.from, time.to, store]);

  const submit = () => {
    replaceHashParams((p) => {
      p.delete('q');
      for (const q of store().queries) if (q.text.trim()) p.append('q', q.text.trim());
      p.set('chart', store().chart);
      if (store().thresholds.trim()) p.set('thr', store().thresholds.trim());
      else p.delete('thr');
    });
    setRuns((n) => n + 1);
  };

  const thresholds = useMemo(() => parseThresholds(thresholdsText), [thresholdsText]);
  const visibleResults = useMemo(() => queries.map((q) => (q.visible ? results[q.key] : undefined)), [queries, results]);
  const series = useMemo(() => namedSeries(visibleResults), [visibleResults]);
  const heat = useMemo(
    () => (chart === 'heatmap' ? histogramHeatmap(visibleResults.flatMap((r) => r?.series ?? [])) : null),
    [chart, visibleResults],
  );
  const option = useMemo(() => {
    if (chart === 'heatmap') return heat ? heatmapOption(heat) : null;
    return timeSeriesOption({ series, kind: chart, from: time.from, to: time.to, thresholds: thresholds.values, brush: true });
  }, [chart, heat, series, time.from, time.to, thresholds.values]);
  const anyAnswer = Object.keys(results).length > 0;
  const resolution = Object.values(results).find((r) => r.resolution)?.resolution;

  return (
    <div className="panel explorer" data-testid="explorer" data-running={String(running)}>
      <div className="panel__head">
        <h2 className="panel__title">Explorer</h2>
        <span className="muted small" data-testid="explorer-resolution">
          {resolution ? `from ${resolution === 'raw' ? 'raw samples' : `${resolution} rollups`}` : ''}
        </span>
      </div>
      <MetricNameList />
      <form
        className="explorer__queries"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {queries.map((q, i) => {
          const r = results[q.key];
          return (
            <div key={q.key} className="explorer__query" data-testid="explorer-query-row">
              <span className="explorer__letter" aria-hidden="true">
                {queryLetter(i)}
              </span>
              <input
                className="input mono explorer__input"
                list="metric-names"
                aria-label={`Query ${queryLetter(i)}`}
                data-testid={`explorer-query-${i}`}
                placeholder='avg by (spacecraft) (battery_temp_c)  ·  sum(rate(packets_total[5m]))'
                value={q.text}
                spellCheck={false}
                onChange={(e) => store().setText(q.key, e.target.value)}
              />
              <label className="explorer__toggle" title="Show on the chart">
                <input type="checkbox" checked={q.visible} data-testid={`explorer-visible-${i}`} onChange={() => store().toggleQuery(q.key)} />
                show
              </label>
              <button type="button" className="button button--small" aria-label={`Remove query ${queryLetter(i)}`} onClick={() => store().removeQuery(q.key)}>
                ×
              </button>
              {r?.status === 'error' ? <InlineError message={`${queryLetter(i)}: ${r.error ?? 'failed'}`} testId={`explorer-error-${i}`} /> : null}
            </div>
          );
        })}
        <div className="explorer__controls">
          <button type="submit" className="button button--primary" data-testid="explorer-run">
            Run
          </button>
          <button type="button" className="button" data-testid="explorer-add" disabled={queries.length >= MAX_QUERIES} onClick={() => store().addQuery()}>
            Add query
          </button>
          <select
            className="select"
            aria-label="Chart type"
            data-testid="explorer-chart-type"
            value={chart}
            onChange={(e) => {
              const c = oneOf(EXPLORER_CHARTS, e.target.value);
              if (c) store().setChart(c);
            }}
          >
            {EXPLORER_CHARTS.map((c) => (
              <option key={c} value={c}>
                {CHART_LABELS[c]}
              </option>
            ))}
          </select>
          <input
            className="input explorer__thresholds"
            aria-label="Threshold lines"
            placeholder="thresholds, e.g. 45, 50"
            data-testid="explorer-thresholds"
            value={thresholdsText}
            onChange={(e) => store().setThresholds(e.target.value)}
          />
          <span className="explorer__spacer" />
          <button
            type="button"
            className="button button--small"
            data-testid="explorer-export-png"
            disabled={!option}
            onClick={() => {
              const url = instance.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#0b121c' });
              if (url) download(exportFileName('png', Date.now()), url);
            }}
          >
            PNG
          </button>
          <button
            type="button"
            className="button button--small"
            data-testid="explorer-export-csv"
            disabled={series.length === 0}
            onClick={() => download(exportFileName('csv', Date.now()), new Blob([seriesToCsv(series)], { type: 'text/csv' }))}
          >
            CSV
          </button>
        </div>
        {thresholds.invalid.length > 0 ? (
          <InlineError message={`Thresholds: not a number: ${thresholds.invalid.join(', ')}`} testId="explorer-thresholds-error" />
        ) : null}
      </form>
      {chart === 'heatmap' && anyAnswer && !heat ? (
        <EmptyState title="Nothing to draw as a heatmap" testId="explorer-heatmap-empty">
          A heatmap needs histogram bucket series (an <code>le</code> label), e.g. <code>increase(request_duration_seconds_bucket[1m])</code>.
        </EmptyState>
      ) : null}
      {option ? (
        <EChart
          option={option}
          ariaLabel="Query results over the selected time range"
          height={360}
          testId="explorer-chart"
          onBrushX={chart === 'heatmap' ? undefined : time.zoomTo}
          onInstance={(c) => {
            instance.current = c;
          }}
        />
      ) : null}
      {anyAnswer && series.length === 0 && chart !== 'heatmap' ? (
        <EmptyState title="No series matched" testId="explorer-empty">
          Check the metric name and labels, or widen the time range.
        </EmptyState>
      ) : null}
      <SeriesSummary series={series} thresholds={thresholds.values} />
    </div>
  );
}
