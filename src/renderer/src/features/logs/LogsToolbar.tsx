import { useState, type FormEvent, type RefObject } from 'react';
import { LOG_LEVELS } from '../../../../shared/api/schemas/logs';
import { oneOf } from '../../lib/enums';
import { sameQuery, type LogQuery } from '../../stores/logs-query';
import type { QueryHint } from '../../stores/logs';
import { QueryHelp } from './QueryHelp';
import { QueryHints } from './QueryHints';
import { QueryInput } from './QueryInput';
import { AllTimeToggle } from './RangeControl';

export { RANGE_LABELS } from './RangeControl';

interface LogsToolbarProps {
  /** The query the shown results belong to. */
  applied: LogQuery;
  services: readonly string[];
  spacecraft: readonly string[];
  busy: boolean;
  hints: readonly QueryHint[];
  /** The station's message when it refused the query text (400). */
  rejection: string | null;
  onSearch(query: LogQuery): void;
  /** The selects' options may be stale; refresh them when an operator opens one. */
  onOpenValues(): void;
  /** For the page's `/` shortcut. */
  queryRef?: RefObject<HTMLInputElement | null>;
}

/** A select's options, always including the current value (it may come from a shared URL). */
function withCurrent(values: readonly string[], current: string): string[] {
  return current && !values.includes(current) ? [current, ...values] : [...values];
}

export function LogsToolbar({ applied, services, spacecraft, busy, hints, rejection, onSearch, onOpenValues, queryRef }: LogsToolbarProps) {
  // The text box is a draft until Enter/Search; the selects apply at once, with the draft text.
  const [draft, setDraft] = useState<LogQuery>(applied);
  const [seen, setSeen] = useState<LogQuery>(applied);
  if (seen !== applied && !sameQuery(seen, applied)) {
    // Results changed under us (Back button, shared URL, a new range in the time picker): show
    // what they belong to. An equal query re-run (a refresh) keeps what is being typed.
    setSeen(applied);
    setDraft(applied);
  }

  const run = (next: LogQuery) => {
    setDraft(next);
    onSearch(next);
  };
  const apply = (patch: Partial<LogQuery>) => run({ ...draft, ...patch });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(draft);
  };

  return (
    <div className="logs-toolbar-wrap">
      <form className="logs-toolbar" role="search" onSubmit={submit}>
        <QueryInput
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
          hints={hints}
          hintsFor={applied.q}
          rejection={rejection}
          inputRef={queryRef}
        />
        <QueryHelp onExample={(text) => setDraft({ ...draft, q: text })} />
        <select
          className="select"
          data-testid="logs-min-level"
          aria-label="Minimum level"
          value={draft.minLevel}
          onChange={(e) => apply({ minLevel: oneOf(LOG_LEVELS, e.target.value) ?? '' })}
        >
          <option value="">Any level</option>
          {LOG_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}+
            </option>
          ))}
        </select>
        <select
          className="select"
          data-testid="logs-service"
          aria-label="Service"
          value={draft.service}
          onFocus={onOpenValues}
          onChange={(e) => apply({ service: e.target.value })}
        >
          <option value="">All services</option>
          {withCurrent(services, draft.service).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          className="select"
          data-testid="logs-spacecraft"
          aria-label="Spacecraft"
          value={draft.spacecraft}
          onFocus={onOpenValues}
          onChange={(e) => apply({ spacecraft: e.target.value })}
        >
          <option value="">All spacecraft</option>
          {withCurrent(spacecraft, draft.spacecraft).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <AllTimeToggle query={draft} onChange={run} />
        <button className="button button--primary" data-testid="logs-search-button" type="submit" aria-busy={busy}>
          Search
        </button>
      </form>
      <QueryHints hints={hints} rejection={rejection} />
    </div>
  );
}
