import { useState } from 'react';
import { formatTimestamp } from '../lib/format';
import {
  isLive,
  isPreset,
  PRESET_LABELS,
  REFRESH_CHOICES,
  resolveRange,
  TIME_PRESETS,
  useTimeRangeStore,
} from '../stores/time-range';
import '../styles/time-picker.css';

const CUSTOM = 'custom';

/** `2025-03-14T09:26` in local time, the value a datetime-local input takes. */
function toLocalInput(ms: number): string {
  return formatTimestamp(ms).slice(0, 16);
}

function fromLocalInput(value: string): number {
  return value ? new Date(value).getTime() : Number.NaN;
}

/** "2025-03-14 09:26:53 → 09:31:07", the date repeated only when the window crosses midnight. */
export function windowLabel(from: number, to: number): string {
  const a = formatTimestamp(from).replace('T', ' ').slice(0, 19);
  const b = formatTimestamp(to).replace('T', ' ').slice(0, 19);
  return `${a} → ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

/**
 * The global time picker: a preset (live, rolling), or an absolute window (fixed, historical)
 * typed here or zoomed on any chart; Live/Paused switches between the two.
 */
export function TimePicker() {
  const range = useTimeRangeStore((s) => s.range);
  const now = useTimeRangeStore((s) => s.now);
  const refreshMs = useTimeRangeStore((s) => s.refreshMs);
  const live = isLive(range);
  const w = resolveRange(range, now);
  const [editing, setEditing] = useState(false);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const store = useTimeRangeStore.getState;

  const openEditor = () => {
    setFromText(toLocalInput(w.from));
    setToText(toLocalInput(w.to));
    setProblem(null);
    setEditing(true);
  };
  const apply = () => {
    const from = fromLocalInput(fromText);
    const to = fromLocalInput(toText);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return setProblem('Enter both a start and an end');
    if (to <= from) return setProblem('The end must be after the start');
    store().setAbsolute(from, to);
    setEditing(false);
  };

  return (
    <div className="time-picker" data-testid="time-picker" data-live={String(live)} data-from={w.from} data-to={w.to}>
      <select
        className="select"
        aria-label="Time range"
        data-testid="time-preset"
        value={range.kind === 'relative' ? range.last : CUSTOM}
        onChange={(e) => {
          if (isPreset(e.target.value)) store().setPreset(e.target.value);
        }}
      >
        {range.kind === 'absolute' ? (
          <option value={CUSTOM} disabled>
            Custom range
          </option>
        ) : null}
        {TIME_PRESETS.map((p) => (
          <option key={p} value={p}>
            {PRESET_LABELS[p]}
          </option>
        ))}
      </select>
      <button type="button" className="button button--small time-picker__window" data-testid="time-window" onClick={openEditor} title="Set an absolute range">
        {windowLabel(w.from, w.to)}
      </button>
      <button
        type="button"
        className={live ? 'button button--small time-picker__live time-picker__live--on' : 'button button--small time-picker__live'}
        data-testid="time-live"
        aria-pressed={live}
        title={live ? 'Live: the window rolls forward. Click to freeze it.' : 'Fixed: a historical window. Click to go live.'}
        onClick={() => store().setLive(!live)}
      >
        <span className="time-picker__dot" aria-hidden="true" />
        {live ? 'Live' : 'Paused'}
      </button>
      {live ? (
        <select
          className="select select--small"
          aria-label="Refresh every"
          data-testid="time-refresh"
          value={refreshMs}
          onChange={(e) => store().setRefresh(Number(e.target.value))}
        >
          {REFRESH_CHOICES.map((ms) => (
            <option key={ms} value={ms}>
              every {ms >= 60_000 ? `${ms / 60_000}m` : `${ms / 1000}s`}
            </option>
          ))}
        </select>
      ) : null}
      {editing ? (
        <form
          className="time-picker__editor"
          data-testid="time-editor"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            From
            <input className="input" type="datetime-local" step={60} data-testid="time-from" value={fromText} onChange={(e) => setFromText(e.target.value)} />
          </label>
          <label>
            To
            <input className="input" type="datetime-local" step={60} data-testid="time-to" value={toText} onChange={(e) => setToText(e.target.value)} />
          </label>
          <button type="submit" className="button button--primary button--small" data-testid="time-apply">
            Apply
          </button>
          <button type="button" className="button button--small" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {problem ? (
            <span className="text-error" role="alert" data-testid="time-problem">
              {problem}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
