import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSearchesStore } from '../../stores';
import { fromSavedQuery } from '../../stores/logs-query-text';
import type { LogQuery } from '../../stores/logs-query';

interface SavedSearchesProps {
  /** The search on screen, which "Save" stores. */
  current: LogQuery;
  onRestore(query: LogQuery): void;
}

/** Named searches kept on the station: save the one on screen, restore or delete any. */
export function SavedSearches({ current, onRestore }: SavedSearchesProps) {
  const s = useSearchesStore(useShallow((st) => ({ items: st.items, status: st.status, error: st.error, saving: st.saving })));
  const [name, setName] = useState('');

  useEffect(() => {
    void useSearchesStore.getState().load();
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await useSearchesStore.getState().save(name, current)) setName('');
  };

  return (
    <section className="logs-saved" data-testid="logs-saved" aria-labelledby="logs-saved-title">
      <h2 className="logs-facets__title" id="logs-saved-title">
        Saved searches
      </h2>
      <form className="logs-saved__form" onSubmit={save}>
        <input
          className="input input--small"
          data-testid="logs-save-name"
          aria-label="Name for the current search"
          placeholder="Name this search"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small" data-testid="logs-save-button" disabled={s.saving || !name.trim()}>
          Save
        </button>
      </form>
      {s.error ? (
        <div className="logs-facets__note logs-saved__error" role="alert">
          {s.error}
        </div>
      ) : null}
      {s.status === 'ready' && s.items.length === 0 ? <div className="logs-facets__note">none yet</div> : null}
      <ul className="logs-facets__list">
        {s.items.map((item) => (
          <li key={item.id} className="logs-saved__item" data-testid="logs-saved-item" data-name={item.name}>
            <button
              type="button"
              className="logs-facets__value"
              data-testid="logs-saved-restore"
              title={Object.entries(item.query).map(([k, v]) => `${k}=${v}`).join(' ') || 'everything'}
              onClick={() => onRestore(fromSavedQuery(item.query))}
            >
              <span className="logs-facets__label">{item.name}</span>
            </button>
            <button
              type="button"
              className="button button--link logs-saved__delete"
              data-testid="logs-saved-delete"
              aria-label={`Delete saved search ${item.name}`}
              title="Delete"
              onClick={() => void useSearchesStore.getState().remove(item.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
