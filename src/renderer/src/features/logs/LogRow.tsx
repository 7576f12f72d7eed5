import { memo, type Ref } from 'react';
import type { LogEntry } from '../../../../shared/api/schemas/logs';
import { LevelBadge } from '../../components/LevelBadge';
import { cssToken } from '../../lib/enums';
import { formatTimestamp } from '../../lib/format';
import { LogDetails } from './LogDetails';

interface LogRowProps {
  entry: LogEntry;
  index: number;
  start: number;
  expanded: boolean;
  /** The keyboard's current line. */
  selected: boolean;
  onToggle(id: number): void;
  onSelect(id: number): void;
  measureRef: Ref<HTMLDivElement>;
}

/** One positioned row of the virtual table; memoised because scrolling re-renders the window. */
export const LogRow = memo(function LogRow({ entry, index, start, expanded, selected, onToggle, onSelect, measureRef }: LogRowProps) {
  const toggle = () => {
    // A drag to select text ends in a click; that must not fold the row under the selection.
    if (window.getSelection()?.toString()) return;
    onToggle(entry.id);
  };
  return (
    <div
      ref={measureRef}
      data-index={index}
      data-testid="logs-row"
      data-level={String(entry.level)}
      data-id={entry.id}
      className={`log-row level-row--${cssToken(entry.level)}${expanded ? ' log-row--expanded' : ''}${selected ? ' log-row--selected' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      role="row"
      aria-expanded={expanded}
      aria-selected={selected}
      data-selected={selected ? 'true' : undefined}
      tabIndex={0}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onSelect(entry.id);
      }}
      onClick={toggle}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onToggle(entry.id);
        }
      }}
    >
      <div className="log-row__summary">
        <span className="log-row__time" role="cell" title={new Date(entry.timestamp).toISOString()}>
          {formatTimestamp(entry.timestamp)}
        </span>
        <span role="cell">
          <LevelBadge level={entry.level} />
        </span>
        <span className="log-row__spacecraft" role="cell">
          {entry.spacecraft_id ?? '—'}
        </span>
        <span className="log-row__service" role="cell">
          {entry.service ?? '—'}
        </span>
        <span className="log-row__message" role="cell">
          {entry.message}
        </span>
      </div>
      {expanded ? <LogDetails entry={entry} /> : null}
    </div>
  );
});
