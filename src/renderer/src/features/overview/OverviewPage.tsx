import { useEffect, useMemo } from 'react';
import { EChart } from '../../charts/EChart';
import { levelBarOption } from '../../charts/options/level-bar';
import { InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { LevelBadge } from '../../components/LevelBadge';
import { useLiveRefresh, usePolling } from '../../app/useLive';
import { useNow } from '../../app/useNow';
import { formatCount, formatRate, formatRelative } from '../../lib/format';
import { useOverviewStore } from '../../stores';
import { levelCounts } from '../../stores/overview';
import { RecentAlerts, SpacecraftCounts } from './OverviewTables';

const POLL_MS = 5_000;
/** A 24 h aggregate is not free; live events refresh it at most this often. */
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
  const status = useOverviewStore((s) => s.status);
  const error = useOverviewStore((s) => s.error);
  const now = useNow(5_000);
  const load = () => void useOverviewStore.getState().load();

  useEffect(() => {
    void useOverviewStore.getState().load();
  }, []);
  usePolling(load, POLL_MS);
  useLiveRefresh(['logs.ingested', 'alert.fired', 'alert.updated'], load, LIVE_MS);

  const levels = useMemo(() => levelCounts(data), [data]);
  const chartOption = useMemo(() => levelBarOption(levels), [levels]);

  if (!data) {
    return (
      <section className="page">
        <PageHeader title="Overview" subtitle="Last 24 hours" />
        <InlineError message={error} testId="overview-error" />
        {status !== 'error' ? <Loading /> : null}
      </section>
    );
  }

  const t = data.totals;
  return (
    <section className="page page--overview">
      <PageHeader
        title="Overview"
        subtitle={
          <>
            Last 24 hours · updated {formatRelative(data.range.to, now)}
          </>
        }
      />
      <InlineError message={error} testId="overview-error" />
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
          <EChart option={chartOption} ariaLabel="Log lines by level, last 24 hours" height={220} testId="overview-level-chart" />
        </div>
        <div className="panel">
          <h2 className="panel__title">Recent alerts</h2>
          <RecentAlerts alerts={data.recent_alerts} now={now} />
        </div>
      </div>
      <div className="panel">
        <h2 className="panel__title">Lines by spacecraft</h2>
        <SpacecraftCounts rows={data.by_spacecraft} now={now} />
      </div>
    </section>
  );
}
