import { useEffect, useMemo } from 'react';
import { compactNumber, SERIES_PALETTE, type NamedSeries } from '../../charts/options/query-series';
import { useExplorerStore } from '../../stores';

/** Suggestions for the query inputs (`list="metric-names"`). */
export function MetricNameList() {
  const names = useExplorerStore((s) => s.names);
  useEffect(() => {
    void useExplorerStore.getState().loadNames();
  }, []);
  return (
    <datalist id="metric-names">
      {names.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}

function stats(points: NamedSeries['points']): { last: number | null; min: number | null; max: number | null } {
  let min: number | null = null;
  let max: number | null = null;
  for (const [, v] of points) {
    if (!Number.isFinite(v)) continue;
    min = min === null ? v : Math.min(min, v);
    max = max === null ? v : Math.max(max, v);
  }
  return { last: points.at(-1)?.[1] ?? null, min, max };
}

/** The charted series in words: last, min and max, and whether a threshold is crossed. */
export function SeriesSummary({ series, thresholds }: { series: readonly NamedSeries[]; thresholds: readonly number[] }) {
  const rows = useMemo(() => series.map((s) => ({ name: s.name, ...stats(s.points) })), [series]);
  if (rows.length === 0) return null;
  const limit = thresholds.length > 0 ? Math.min(...thresholds) : null;
  return (
    <table className="table table--compact explorer__summary">
      <thead>
        <tr>
          <th>Series</th>
          <th className="num">Last</th>
          <th className="num">Min</th>
          <th className="num">Max</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.name} data-testid="explorer-series" data-name={r.name} data-last={r.last ?? ''}>
            <td className="mono small">
              <span className="swatch" style={{ background: SERIES_PALETTE[i % SERIES_PALETTE.length] }} aria-hidden="true" />
              {r.name}
            </td>
            <td className={limit !== null && r.last !== null && r.last >= limit ? 'num text-error' : 'num'}>{r.last === null ? '—' : compactNumber(r.last)}</td>
            <td className="num">{r.min === null ? '—' : compactNumber(r.min)}</td>
            <td className="num">{r.max === null ? '—' : compactNumber(r.max)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
