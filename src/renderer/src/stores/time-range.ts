/**
 * The one time range every page shares (Overview, Spacecraft, Metrics, Dashboards; Logs may
 * adopt it through `useGlobalTimeRange`). Relative ranges ("last 1h") are **live**: they roll
 * forward and pages refresh as `now` ticks. Absolute ranges (typed, or zoomed on a chart) are
 * **fixed**: historical, nothing moves. Pausing live freezes the current window as absolute.
 * The range travels in the URL hash as `time=1h` or `time=<fromMs>_<toMs>`, so a copied link
 * shows the same window.
 */
import { create } from 'zustand';

export const TIME_PRESETS = ['5m', '15m', '1h', '6h', '24h', '7d', '30d'] as const;
export type TimePreset = (typeof TIME_PRESETS)[number];

export const PRESET_LABELS: Record<TimePreset, string> = {
  '5m': 'Last 5 minutes',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function presetMs(preset: TimePreset): number {
  const unit = preset.slice(-1) as keyof typeof UNIT_MS;
  return Number(preset.slice(0, -1)) * UNIT_MS[unit];
}

export type TimeRange = { kind: 'relative'; last: TimePreset } | { kind: 'absolute'; from: number; to: number };

export const REFRESH_CHOICES = [5_000, 10_000, 30_000, 60_000] as const;
export const DEFAULT_RANGE: TimeRange = { kind: 'relative', last: '1h' };
export const TIME_PARAM = 'time';
/** Shorter windows than this are zoom slips, not questions anyone asks. */
export const MIN_WINDOW_MS = 1_000;

export function isPreset(value: unknown): value is TimePreset {
  return (TIME_PRESETS as readonly unknown[]).includes(value);
}

export const isLive = (range: TimeRange): boolean => range.kind === 'relative';

/** The concrete window of a range at `now`. */
export function resolveRange(range: TimeRange, now: number): { from: number; to: number } {
  return range.kind === 'absolute' ? { from: range.from, to: range.to } : { from: now - presetMs(range.last), to: now };
}

/** An absolute range from any two instants: ordered, whole ms, at least MIN_WINDOW_MS; null if unusable. */
export function absoluteRange(a: number, b: number): TimeRange | null {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const from = Math.floor(Math.min(a, b));
  const to = Math.ceil(Math.max(a, b));
  if (from < 0 || to - from < MIN_WINDOW_MS) return null;
  return { kind: 'absolute', from, to };
}

export function rangeToParam(range: TimeRange): string {
  return range.kind === 'relative' ? range.last : `${range.from}_${range.to}`;
}

/** The inverse of rangeToParam; anything else (hand-edited URLs) is null, never a throw. */
export function rangeFromParam(value: string | null): TimeRange | null {
  if (!value) return null;
  if (isPreset(value)) return { kind: 'relative', last: value };
  const m = /^(\d{1,15})_(\d{1,15})$/.exec(value);
  return m ? absoluteRange(Number(m[1]), Number(m[2])) : null;
}

export function sameRange(a: TimeRange, b: TimeRange): boolean {
  return rangeToParam(a) === rangeToParam(b);
}

/**
 * A step that gives about `points` points over the window, as a duration the metric API
 * accepts (whole seconds, at least 1s): charts ask for ~2 points per pixel at most.
 */
export function stepFor(window: { from: number; to: number }, points = 240): string {
  const seconds = Math.max(1, Math.ceil((window.to - window.from) / points / 1000));
  return `${seconds}s`;
}

export interface TimeRangeState {
  range: TimeRange;
  /** The preset live mode returns to after a zoom or a pause. */
  lastPreset: TimePreset;
  refreshMs: number;
  /** The instant relative ranges resolve against; advanced by `tick` while live. */
  now: number;
  setPreset(preset: TimePreset): void;
  setAbsolute(from: number, to: number): boolean;
  setRange(range: TimeRange): void;
  /** Live on: back to the last preset; live off: freeze the current window. */
  setLive(live: boolean): void;
  setRefresh(ms: number): void;
  tick(now?: number): void;
}

export function createTimeRangeStore(clock: () => number = Date.now) {
  return create<TimeRangeState>()((set, get) => ({
    range: DEFAULT_RANGE,
    lastPreset: '1h',
    refreshMs: 10_000,
    now: clock(),
    setPreset(preset) {
      set({ range: { kind: 'relative', last: preset }, lastPreset: preset, now: clock() });
    },
    setAbsolute(from, to) {
      const range = absoluteRange(from, to);
      if (range) set({ range });
      return range !== null;
    },
    setRange(range) {
      if (sameRange(range, get().range)) return;
      set(range.kind === 'relative' ? { range, lastPreset: range.last, now: clock() } : { range });
    },
    setLive(live) {
      const { range, lastPreset } = get();
      if (live === isLive(range)) return;
      if (live) {
        set({ range: { kind: 'relative', last: lastPreset }, now: clock() });
      } else {
        const w = resolveRange(range, clock());
        set({ range: { kind: 'absolute', from: w.from, to: w.to } });
      }
    },
    setRefresh(ms) {
      if ((REFRESH_CHOICES as readonly number[]).includes(ms)) set({ refreshMs: ms });
    },
    tick(now = clock()) {
      if (isLive(get().range)) set({ now });
    },
  }));
}

export type TimeRangeStore = ReturnType<typeof createTimeRangeStore>;

/** The console's one instance; tests build their own with createTimeRangeStore(clock). */
export const useTimeRangeStore = createTimeRangeStore();
