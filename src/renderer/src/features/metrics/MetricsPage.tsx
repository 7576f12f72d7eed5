import { useEffect, useMemo } from 'react';
import { EChart } from '../../charts/EChart';
import { metricLineOption } from '../../charts/options/metric-line';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useAppEvent, usePolling } from '../../app/useLive';
import { useNow } from '../../app/useNow';
import { oneOf } from '../../lib/enums';
import { formatRelative, formatUptime } from '../../lib/format';
import { useMetricsStore } from '../../stores';
import { SERIES_CHOICES } from '../../stores/metrics';
import { TimePicker } from '../../components/TimePicker';
import { useGlobalTimeRange } from '../../components/useGlobalTimeRange';
import { IngestCounts } from './IngestCounts';
import { MetricsExplorer } from './MetricsExplorer';
import '../../styles/dashboards.css';
import { MetricCards } from './MetricCards';

const SNAPSHOT_POLL_MS = 10_000;
const SERIES_POLL_MS = 15_000;
const SERIES_NAMES = SERIES_CHOICES.map((c) => c.name);

export function MetricsPage() {
  const snapshot = useMetricsStore((s) => s.snapshot);
  const status = useMetricsStore((s) => s.status);
  const error = useMetricsStore((s) => s.error);
  const seriesName = useMetricsStore((s) => s.seriesName);
  const series = useMetricsStore((s) => s.series);
  const seriesStatus = useMetricsStore((s) => s.seriesStatus);
  const seriesError = useMetricsStore((s) => s.seriesError);
  const now = useNow(5_000);
  const time = useGlobalTimeRange();

  useEffect(() => {
    const state = useMetricsStore.getState();
    void state.load();
    void state.loadSeries();
  }, []);
  // The station pushes a snapshot on every collection; polling is only the floor under that.
  useAppEvent(['metrics.system'], (event) => {
    if (event.type === 'metrics.system') useMetricsStore.getState().setSnapshot(event.snapshot);
  });
  usePolling(() => void useMetricsStore.getState().load(), SNAPSHOT_POLL_MS);
  usePolling(() => void useMetricsStore.getState().loadSeries(), SERIES_POLL_MS);

  const choice = SERIES_CHOICES.find((c) => c.name === seriesName) ?? SERIES_CHOICES[0];
  const option = useMemo(
    () => metricLineOption(choice.label, choice.unit, series?.points ?? []),
    [choice, series],
  );

  return (
    <section className="page">
      <PageHeader title="Metrics" subtitle="Query any metric; this station’s own health below" actions={<TimePicker />} />
      <MetricsExplorer time={time} />
      <div className="page-header">
        <div>
          <h2 className="page-header__title page-header__title--sub">Station metrics</h2>
          <div className="page-header__subtitle">
            {snapshot
              ? `${snapshot.host.hostname} · ${snapshot.host.platform} · host up ${formatUptime(snapshot.host.uptime_s)} · sampled ${formatRelative(snapshot.timestamp, now)}`
              : 'This station’s host, process, ingest and database health'}
          </div>
        </div>
      </div>
      <InlineError message={error} testId="metrics-error" />
      {snapshot ? <MetricCards snapshot={snapshot} /> : status !== 'error' ? <Loading /> : null}
      {snapshot ? <IngestCounts snapshot={snapshot} /> : null}
      <div className="panel">
        <div className="panel__head">
          <h2 className="panel__title">Last hour</h2>
          <select
            className="select"
            data-testid="metrics-series-select"
            aria-label="Metric"
            value={seriesName}
            onChange={(e) => {
              const name = oneOf(SERIES_NAMES, e.target.value);
              if (name) void useMetricsStore.getState().loadSeries(name);
            }}
          >
            {SERIES_CHOICES.map((c) => (
              <option key={c.name} value={c.name}>
                {c.label} ({c.name})
              </option>
            ))}
          </select>
        </div>
        <InlineError message={seriesError} testId="metrics-series-error" />
        {seriesStatus === 'ready' && series && series.points.length === 0 ? (
          <EmptyState title="No samples in the last hour" testId="metrics-series-empty">
            The station records this metric while it runs; check back in a minute.
          </EmptyState>
        ) : (
          <EChart option={option} ariaLabel={`${choice.label}, last hour`} height={280} testId="metrics-series-chart" />
        )}
      </div>
    </section>
  );
}
