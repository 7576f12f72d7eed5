import { formatTimestamp } from '../../lib/format';
import { hasAbsoluteRange, type LogQuery, type LogRange } from '../../stores/logs-query';
import { useTimeRangeStore } from '../../stores/time-range';
import { isAllTime, withAllTime, withGlobalRange } from './logs-time';

export const RANGE_LABELS: Record<LogRange, string> = {
  '5m': 'Last 5 minutes',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  all: 'All time',
};

/** "2025-03-14 09:26:53 → 09:31:07", the date repeated only when the window crosses midnight. */
export function absoluteRangeLabel(from: number, to: number): string {
  const a = formatTimestamp(from).replace('T', ' ').slice(0, 19);
  const b = formatTimestamp(to).replace('T', ' ').slice(0, 19);
  return `${a} → ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

export function rangeLabel(query: LogQuery): string {
  return hasAbsoluteRange(query) ? absoluteRangeLabel(query.from, query.to) : RANGE_LABELS[query.range];
}

/**
 * The window itself is the global time picker's (in the page header); this toggle is the one
 * logs-only choice, all time, for a trail that may reach past any window (a request id, a saved
 * search without bounds). Pressing it again returns to the picker's range.
 */
export function AllTimeToggle({ query, onChange }: { query: LogQuery; onChange(next: LogQuery): void }) {
  const all = isAllTime(query);
  return (
    <button
      type="button"
      className={all ? 'button button--primary' : 'button'}
      data-testid="logs-all-time"
      aria-pressed={all}
      title={all ? 'Searching all time: press to search the time picker’s range again' : 'Search all time instead of the time picker’s range'}
      onClick={() => onChange(all ? withGlobalRange(query, useTimeRangeStore.getState().range) : withAllTime(query))}
    >
      All time
    </button>
  );
}
