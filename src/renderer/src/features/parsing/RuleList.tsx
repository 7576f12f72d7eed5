import type { ExtractionRule } from '../../../../shared/api/schemas/extraction';

/** Saved rules in the order ingest runs them; a click opens one in the editor. */
export function RuleList({ items, selectedId, onSelect }: { items: ExtractionRule[]; selectedId: number | null; onSelect(rule: ExtractionRule): void }) {
  return (
    <div className="panel panel--flush">
      <table className="table parsing-rules" data-testid="parsing-rules">
        <thead>
          <tr>
            <th>Order</th>
            <th>Name</th>
            <th>Service</th>
            <th>Kind</th>
            <th>Matched</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr
              key={r.id}
              data-testid="parsing-rule-row"
              data-rule-id={r.id}
              className={[r.id === selectedId ? 'row--selected' : '', r.enabled ? '' : 'row--muted'].join(' ').trim() || undefined}
              onClick={() => onSelect(r)}
            >
              <td className="mono">{r.order}</td>
              <td className="strong">
                <button type="button" className="button button--link" onClick={() => onSelect(r)}>
                  {r.name}
                </button>
              </td>
              <td className="mono">{r.service}</td>
              <td>{r.kind}</td>
              <td className="mono" title="lines it filled fields of since the station started">
                {r.stats.matched}
              </td>
              <td>
                {r.stats.suspended ? (
                  <span className="text-error" title={r.stats.suspended}>
                    suspended
                  </span>
                ) : r.stats.last_error ? (
                  <span className="text-warn" title={r.stats.last_error}>
                    {r.stats.errors} errors
                  </span>
                ) : r.enabled ? (
                  'on'
                ) : (
                  <span className="muted">off</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
