import { useEffect, useMemo, useState } from 'react';
import { TREND_PERIODS, type MetricTrends, type TrendItem, type TrendPeriod } from '../../../../shared/api/schemas/trends';
import { EChart } from '../../charts/EChart';
import { compactNumber } from '../../charts/options/query-series';
import { periodLabel, trendOption } from '../../charts/options/trends';
import { EmptyState, InlineError } from '../../components/Feedback';
import { oneOf } from '../../lib/enums';
import { useTrendsStore } from '../../stores';

const PERIOD_NAMES: Record<TrendPeriod, string> = { day: 'Per day (UTC)', week: 'Per week (Mon–Sun, UTC)' };
/** While live, the figures follow the window's end at most once a minute: they are daily or weekly. */
const LIVE_STEP_MS = 60_000;

const value = (v: number | null, unit: string | null) => (v === null ? '—' : `${compactNumber(v)}${unit ? ` ${unit}` : ''}`);

function Change({ pct }: { pct: number | null }) {
  if (pct === null) return <span className="muted">—</span>;
  return (
    <span className={pct > 0 ? 'text-warn' : undefined}>
      {pct > 0 ? '+' : ''}
      {pct} %
    </span>
  );
}

/** One trend: its chart over the periods, and a table of this period against the previous one. */
function TrendView({ trends, item }: { trends: MetricTrends; item: TrendItem }) {
  const option = useMemo(() => trendOption(trends, item), [trends, item]);
  const n = trends.periods.length;
  return (
    <div className="trend" data-testid="trends-item" data-id={item.id} data-resolution={item.resolution ?? ''}>
      <h3 className="trend__title">
        {item.title} {item.unit ? <span className="muted small">({item.unit})</span> : null}
      </h3>
      <div className="muted small mono trend__query">{item.source === 'logs' ? `from the logs: ${item.query}` : item.query}</div>
      {item.series.length === 0 ? (
        <EmptyState title="No data in these periods" />
      ) : (
        <>
          <EChart option={option} ariaLabel={`${item.title} per ${trends.period}`} height={180} testId="trends-chart" />
          <table className="table table--compact">
            <thead>
              <tr>
                <th>Series</th>
                <th className="num">{n > 1 ? periodLabel(trends.periods[n - 2] as number, trends.period) : 'Previous'}</th>
                <th className="num">{periodLabel(trends.periods[n - 1] as number, trends.period)} so far</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {item.series.map((s) => (
                <tr key={s.name} data-testid="trends-row" data-name={s.name} data-current={s.current ?? ''} data-previous={s.previous ?? ''} data-change={s.change_pct ?? ''}>
                  <td className="mono">{s.name}</td>
                  <td className="num">{value(s.previous, item.unit)}</td>
                  <td className="num">{value(s.current, item.unit)}</td>
                  <td className="num">
                    <Change pct={s.change_pct} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/**
 * Rates and percentiles per day or week, this period against the previous one: the default set,
 * or one metric query with `$period` as its window (answered from the station's rollups).
 */
export function TrendsPanel({ to, live }: { to: number; live: boolean }) {
  const trends = useTrendsStore((s) => s.trends);
  const period = useTrendsStore((s) => s.period);
  const applied = useTrendsStore((s) => s.query);
  const error = useTrendsStore((s) => s.error);
  const status = useTrendsStore((s) => s.status);
  const [draft, setDraft] = useState(applied);
  const end = live ? undefined : to;
  const liveKey = live ? Math.floor(to / LIVE_STEP_MS) : to;

  useEffect(() => {
    void useTrendsStore.getState().load(end);
  }, [end, liveKey]);

  return (
    <div className="panel trends" data-testid="trends-panel" data-status={status} data-period={trends?.period ?? ''}>
      <div className="trends__head">
        <h2 className="panel__title">Trends</h2>
        <select
          className="select select--small"
          aria-label="Trend period"
          data-testid="trends-period"
          value={period}
          onChange={(e) => {
            const p = oneOf(TREND_PERIODS, e.target.value);
            if (p) void useTrendsStore.getState().setPeriod(p);
          }}
        >
          {TREND_PERIODS.map((p) => (
            <option key={p} value={p}>
              {PERIOD_NAMES[p]}
            </option>
          ))}
        </select>
        <form
          className="trends__query"
          onSubmit={(e) => {
            e.preventDefault();
            void useTrendsStore.getState().setQuery(draft);
          }}
        >
          <input
            className="input mono"
            aria-label="Trend query"
            data-testid="trends-query"
            placeholder="Default set — or a query with $period, e.g. quantile_over_time(0.95, thermal.battery_temp_c[$period])"
            value={draft}
            spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button button--small" data-testid="trends-apply">
            Show
          </button>
          {applied ? (
            <button
              type="button"
              className="button button--small"
              data-testid="trends-defaults"
              onClick={() => {
                setDraft('');
                void useTrendsStore.getState().setQuery('');
              }}
            >
              Default set
            </button>
          ) : null}
        </form>
      </div>
      <InlineError message={error} testId="trends-error" />
      {trends ? (
        <div className="trends__items">
          {trends.items.map((item) => (
            <TrendView key={`${trends.period}:${item.id}`} trends={trends} item={item} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
