import { useEffect, useMemo } from 'react';
import { EChart } from '../../charts/EChart';
import { levelBarOption } from '../../charts/options/level-bar';
import { errorRateSeries } from '../../charts/options/overview';
import { timeSeriesOption } from '../../charts/options/query-series';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { LevelBadge } from '../../components/LevelBadge';
import { TimePicker, windowLabel } from '../../components/TimePicker';
import { useGlobalTimeRange } from '../../components/useGlobalTimeRange';
import { useLiveRefresh } from '../../app/useLive';
import { useNow } from '../../app/useNow';
import { formatCount, formatRate } from '../../lib/format';
import { useOverviewStore } from '../../stores';
import { levelCounts } from '../../stores/overview';
import { PRESET_LABELS } from '../../stores/time-range';
import { FleetTiles, StationLinks, TopMovers } from './FleetTiles';
import { RecentAlerts, SpacecraftCounts } from './OverviewTables';
import { TrendsPanel } from './TrendsPanel';
import '../../styles/dashboards.css';

/** An aggregate over the window is not free; live events refresh it at most this often. */
const LIVE_MS = 2_000;

function Tile({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <div className={tone ? `tile tile--${tone}` : 'tile'}>
      <div className="tile__label">{label}</div>
      <div className="tile__value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

export function OverviewPage() {
  const data = useOverviewStore((s) => s.data);
  const fleet = useOverviewStore((s) => s.fleet);
  const links = useOverviewStore((s) => s.links);
  const ingest = useOverviewStore((s) => s.ingest);
  const movers = useOverviewStore((s) => s.movers);
  const status = useOverviewStore((s) => s.status);
  const error = useOverviewStore((s) => s.error);
  const now = useNow(5_000);
  const time = useGlobalTimeRange();
  const rangeText = time.range.kind === 'relative' ? PRESET_LABELS[time.range.last] : windowLabel(time.from, time.to);

  // The window moves on every live tick, so this is also the polling.
  useEffect(() => {
    void useOverviewStore.getState().load({ from: time.from, to: time.to });
  }, [time.from, time.to]);
  // Between ticks, new lines and alerts refresh a live overview sooner; a fixed one stays put.
  useLiveRefresh(
    ['logs.ingested', 'alert.fired', 'alert.updated'],
    () => {
      if (time.live) void useOverviewStore.getState().load({ from: Date.now() - (time.to - time.from), to: Date.now() });
    },
    LIVE_MS,
  );

  const levels = useMemo(() => levelCounts(data), [data]);
  const levelOption = useMemo(() => levelBarOption(levels), [levels]);
  const ingestOption = useMemo(
    () => timeSeriesOption({ series: [{ name: 'lines/s', points: ingest }], kind: 'area', from: time.from, to: time.to, unit: '/s', brush: true }),
    [ingest, time.from, time.to],
  );
  const errorOption = useMemo(
    () => timeSeriesOption({ series: errorRateSeries(data), kind: 'bar', stacked: true, from: time.from, to: time.to, brush: true }),
    [data, time.from, time.to],
  );

  const header = <PageHeader title="Overview" subtitle={rangeText} actions={<TimePicker />} />;
  if (!data) {
    return (
      <section className="page">
        {header}
        <InlineError message={error} testId="overview-error" />
        {status !== 'error' ? <Loading /> : null}
      </section>
    );
  }

  const t = data.totals;
  return (
    <section className="page page--overview" data-testid="overview" data-from={data.range.from} data-to={data.range.to}>
      {header}
      <InlineError message={error} testId="overview-error" />
      <FleetTiles fleet={fleet} now={now} />
      <div className="tiles">
        <Tile label="Log lines" value={formatCount(t.logs)} testId="overview-total-logs" />
        <Tile label="Errors" value={formatCount(t.errors)} testId="overview-total-errors" tone={t.errors > 0 ? 'error' : undefined} />
        <Tile label="Spacecraft" value={formatCount(t.spacecraft)} testId="overview-total-spacecraft" />
        <Tile label="Active alerts" value={formatCount(t.active_alerts)} testId="overview-total-active-alerts" />
        <Tile
          label="Unacknowledged"
          value={formatCount(t.unacknowledged_alerts)}
          testId="overview-total-unacknowledged"
          tone={t.unacknowledged_alerts > 0 ? 'critical' : undefined}
        />
        <Tile label="Ingest rate" value={formatRate(data.ingest_lines_per_s)} testId="overview-ingest-rate" />
      </div>
      <div className="grid-2">
        <div className="panel">
          <h2 className="panel__title">Ingest rate</h2>
          {ingest.length === 0 ? (
            <EmptyState title="No ingest samples in the range">The station records its ingest rate every collection interval (10 s by default).</EmptyState>
          ) : (
            <EChart option={ingestOption} ariaLabel="Ingested lines per second" height={200} testId="overview-ingest-chart" onBrushX={time.zoomTo} />
          )}
        </div>
        <div className="panel">
          <h2 className="panel__title">Errors by spacecraft</h2>
          <EChart option={errorOption} ariaLabel="ERROR and CRITICAL lines per spacecraft over time" height={200} testId="overview-error-chart" onBrushX={time.zoomTo} />
        </div>
      </div>
      <div className="grid-2">
        <div className="panel">
          <h2 className="panel__title">Active alerts</h2>
          <RecentAlerts alerts={data.recent_alerts} now={now} />
        </div>
        <div className="panel">
          <h2 className="panel__title">Station links</h2>
          <StationLinks links={links} now={now} />
          <h2 className="panel__title dash-form__gap">Top movers vs previous period</h2>
          <TopMovers movers={movers} />
        </div>
      </div>
      <TrendsPanel to={time.to} live={time.live} />
      <div className="grid-2">
        <div className="panel">
          <h2 className="panel__title">Lines by level</h2>
          <ul className="level-counts">
            {levels.map(({ level, count }) => (
              <li key={level} className="level-counts__item">
                <LevelBadge level={level} />
                <span className="level-counts__value" data-testid={`overview-level-${level}`} data-count={count}>
                  {count}
                </span>
              </li>
            ))}
          </ul>
          <EChart option={levelOption} ariaLabel="Log lines by level" height={200} testId="overview-level-chart" />
        </div>
        <div className="panel">
          <h2 className="panel__title">Lines by spacecraft</h2>
          <SpacecraftCounts rows={data.by_spacecraft} now={now} />
        </div>
      </div>
    </section>
  );
}
