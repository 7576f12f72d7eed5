import { oneOf } from '../../lib/enums';
import { formatTimestamp } from '../../lib/format';
import { hasAbsoluteRange, LOG_RANGES, type LogQuery, type LogRange } from '../../stores/logs-query';

export const RANGE_LABELS: Record<LogRange, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  all: 'All time',
};

const CUSTOM = 'custom';

/** "2025-03-14 09:26:53 → 09:31:07", the date repeated only when the window crosses midnight. */
export function absoluteRangeLabel(from: number, to: number): string {
  const a = formatTimestamp(from).replace('T', ' ').slice(0, 19);
  const b = formatTimestamp(to).replace('T', ' ').slice(0, 19);
  return `${a} → ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

export function rangeLabel(query: LogQuery): string {
  return hasAbsoluteRange(query) ? absoluteRangeLabel(query.from, query.to) : RANGE_LABELS[query.range];
}

interface RangeControlProps {
  query: LogQuery;
  /** A preset picked: the absolute window (if any) is dropped. */
  onPreset(range: LogRange): void;
}

/**
 * Presets in a select; a window brushed on the histogram or restored from a saved search shows
 * as "Custom" with its bounds, and any preset (or the ×) goes back to relative time.
 */
export function RangeControl({ query, onPreset }: RangeControlProps) {
  const absolute = hasAbsoluteRange(query);
  return (
    <>
      <select
        className="select"
        data-testid="logs-range"
        aria-label="Time range"
        value={absolute ? CUSTOM : query.range}
        onChange={(e) => {
          const range = oneOf(LOG_RANGES, e.target.value);
          if (range) onPreset(range);
        }}
      >
        {absolute ? (
          <option value={CUSTOM} disabled>
            Custom range
          </option>
        ) : null}
        {LOG_RANGES.map((r) => (
          <option key={r} value={r}>
            {RANGE_LABELS[r]}
          </option>
        ))}
      </select>
      {absolute ? (
        <span className="logs-range-absolute" data-testid="logs-range-absolute" data-from={query.from} data-to={query.to}>
          {absoluteRangeLabel(query.from, query.to)}
          <button
            type="button"
            className="button button--link"
            data-testid="logs-range-clear"
            aria-label={`Back to ${RANGE_LABELS[query.range]}`}
            title={`Back to ${RANGE_LABELS[query.range]}`}
            onClick={() => onPreset(query.range)}
          >
            ×
          </button>
        </span>
      ) : null}
    </>
  );
}
