import type { LogFacets } from '../../../../shared/api/schemas/logs';
import { formatCount } from '../../lib/format';

export type FacetField = keyof LogFacets;

const FACETS: readonly { field: FacetField; title: string; hint: string }[] = [
  { field: 'level', title: 'Level', hint: 'show this level and above' },
  { field: 'service', title: 'Service', hint: 'only this service' },
  { field: 'spacecraft_id', title: 'Spacecraft', hint: 'only this spacecraft' },
  { field: 'source', title: 'Source', hint: 'add host:… to the query' },
];

interface LogsFacetsProps {
  facets: LogFacets | null;
  error: string | null;
  onPick(field: FacetField, value: string): void;
}

/** Top values among the lines the current search matches; a click narrows the search to one. */
export function LogsFacets({ facets, error, onPick }: LogsFacetsProps) {
  return (
    <nav className="logs-facets" data-testid="logs-facets" aria-label="Narrow by value">
      {error ? <div className="logs-facets__note">Facets unavailable: {error}</div> : null}
      {!facets && !error ? <div className="logs-facets__note">Counting…</div> : null}
      {facets
        ? FACETS.map(({ field, title, hint }) => {
            const values = facets[field];
            return (
              <section key={field} className="logs-facets__group" data-field={field}>
                <h2 className="logs-facets__title">{title}</h2>
                {values.length === 0 ? <div className="logs-facets__note">none</div> : null}
                <ul className="logs-facets__list">
                  {values.map(({ value, count }) => (
                    <li key={value}>
                      <button
                        type="button"
                        className="logs-facets__value"
                        data-testid={`logs-facet-${field}-${value}`}
                        data-count={count}
                        title={`${value}: ${hint}`}
                        onClick={() => onPick(field, value)}
                      >
                        <span className="logs-facets__label">{value}</span>
                        <span className="logs-facets__count">{formatCount(count)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })
        : null}
    </nav>
  );
}
