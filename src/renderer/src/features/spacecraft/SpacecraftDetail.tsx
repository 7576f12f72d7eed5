import { useEffect, useMemo } from 'react';
import type { Spacecraft } from '../../../../shared/api/schemas/fleet';
import { EChart } from '../../charts/EChart';
import { timeSeriesOption } from '../../charts/options/query-series';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { LevelBadge } from '../../components/LevelBadge';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { TimePicker } from '../../components/TimePicker';
import { useGlobalTimeRange, type GlobalTimeRange } from '../../components/useGlobalTimeRange';
import { formatHash } from '../../app/routing';
import { useNow } from '../../app/useNow';
import { formatMs, formatRelative, formatTimestamp } from '../../lib/format';
import { useSpacecraftStore } from '../../stores';
import { DEFAULT_LOG_QUERY, queryToParams } from '../../stores/logs-query';
import { namedSeries } from '../../stores/metric-queries';
import type { SpacecraftDetail as Detail } from '../../stores/spacecraft';
import { HealthBar } from './HealthBar';
import '../../styles/dashboards.css';

function HealthTerms({ sc }: { sc: Spacecraft }) {
  const terms = sc.health_terms ?? [];
  return (
    <div className="panel" data-testid="sc-health">
      <div className="panel__head">
        <h2 className="panel__title">Health</h2>
        <HealthBar score={sc.health_score} />
      </div>
      {terms.length === 0 ? (
        <p className="muted">No score terms reported.</p>
      ) : (
        <ul className="terms">
          <li className="muted small">
            <span>term</span>
            <span className="num">points</span>
            <span>why</span>
          </li>
          {terms.map((t) => (
            <li key={t.name} data-testid="sc-health-term" data-term={t.name} data-points={t.points}>
              <span>{t.name}</span>
              <span className={t.points < 0 ? 'num text-error' : 'num'}>{t.points === 0 ? '0' : t.points.toFixed(1)}</span>
              <span className="muted small">{t.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Telemetry({ detail, time }: { detail: Detail; time: GlobalTimeRange }) {
  const charts = useMemo(
    () =>
      detail.telemetry.map((t) => ({
        metric: t.metric,
        error: t.result.error,
        option: timeSeriesOption({ series: namedSeries([t.result]), kind: 'line', from: time.from, to: time.to, brush: true }),
      })),
    [detail.telemetry, time.from, time.to],
  );
  if (charts.length === 0) {
    return (
      <EmptyState title="No telemetry for this spacecraft in the range" testId="sc-telemetry-empty">
        Metrics labelled <code>spacecraft="{detail.id}"</code> appear here.
      </EmptyState>
    );
  }
  return (
    <div className="telemetry-grid">
      {charts.map((c) => (
        <div key={c.metric} className="panel" data-testid="sc-telemetry" data-metric={c.metric}>
          <h2 className="panel__title mono">{c.metric}</h2>
          <InlineError message={c.error} />
          {c.error ? null : <EChart option={c.option} ariaLabel={`${c.metric} for ${detail.id}`} height={200} onBrushX={time.zoomTo} />}
        </div>
      ))}
    </div>
  );
}

/** One spacecraft: health and why, telemetry, recent logs, its alerts and endpoints. */
export function SpacecraftDetail({ id }: { id: string }) {
  const sc = useSpacecraftStore((s) => s.items.find((i) => i.id === id));
  const detail = useSpacecraftStore((s) => (s.detail?.id === id ? s.detail : null));
  const error = useSpacecraftStore((s) => s.detailError);
  const time = useGlobalTimeRange();
  const now = useNow(5_000);

  useEffect(() => {
    void useSpacecraftStore.getState().loadDetail(id, { from: time.from, to: time.to });
  }, [id, time.from, time.to]);

  const logsHref = formatHash('logs', queryToParams({ ...DEFAULT_LOG_QUERY, spacecraft: id }));
  return (
    <section className="page" data-testid="sc-detail" data-spacecraft={id}>
      <PageHeader
        title={sc?.name ?? id}
        subtitle={
          <>
            <a href="#/spacecraft">← Fleet</a> · {sc ? <StatusPill value={sc.status} /> : null} · last contact{' '}
            <span title={sc?.last_contact ? formatTimestamp(sc.last_contact) : undefined}>{formatRelative(sc?.last_contact, now)}</span>
            {sc?.mission_type ? ` · ${sc.mission_type}` : ''}
            {sc?.location ? ` · ${sc.location}` : ''}
          </>
        }
        actions={<TimePicker />}
      />
      <InlineError message={error} testId="sc-error" />
      {!detail && !error ? <Loading /> : null}
      {sc ? <HealthTerms sc={sc} /> : null}
      {detail ? (
        <>
          <Telemetry detail={detail} time={time} />
          <div className="grid-2">
            <div className="panel">
              <div className="panel__head">
                <h2 className="panel__title">Recent logs</h2>
                <a href={logsHref}>All logs →</a>
              </div>
              {detail.logs.length === 0 ? (
                <EmptyState title="No lines in the range" />
              ) : (
                <table className="table table--compact">
                  <tbody>
                    {detail.logs.map((l) => (
                      <tr key={l.id} data-testid="sc-log">
                        <td className="mono small nowrap">{formatTimestamp(l.timestamp).slice(11, 19)}</td>
                        <td>
                          <LevelBadge level={l.level} />
                        </td>
                        <td className="muted small">{l.service ?? ''}</td>
                        <td>{l.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className="panel">
              <h2 className="panel__title">Alerts</h2>
              {detail.alerts.length === 0 ? (
                <EmptyState title="No alerts for this spacecraft" />
              ) : (
                <ul className="station-links">
                  {detail.alerts.slice(0, 20).map((a) => (
                    <li key={a.id} data-testid="sc-alert" data-status={String(a.status)}>
                      <span>
                        <StatusPill value={a.severity} /> {a.rule_name}
                      </span>
                      <span className="muted small">
                        <StatusPill value={a.status} /> {formatRelative(a.triggered_at, now)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              <h2 className="panel__title dash-form__gap">Endpoints</h2>
              {detail.endpoints.length === 0 ? (
                <EmptyState title="No endpoints linked" />
              ) : (
                <ul className="station-links">
                  {detail.endpoints.map((e) => (
                    <li key={e.id} data-testid="sc-endpoint" data-status={String(e.status)}>
                      <span>{e.name}</span>
                      <span>
                        <StatusPill value={e.status} /> <span className="muted small">{formatMs(e.last_latency_ms)}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
