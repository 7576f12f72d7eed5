/** Display formatting shared by every page. Pure, so tests can pin the formats operators read. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time in ISO layout with milliseconds: 2025-03-14T09:26:53.589 (the station's clock is UTC; operators read local). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/**
 * "just now", "42s ago", "5m ago", "3h ago", "2d ago"; future times (clock skew) read "in 15s".
 * Up to 10 s ahead is "just now": pages tick `now` every few seconds, so data loaded since the
 * last tick is newer than it (a fresh contact read "contact in 2s").
 */
export function formatRelative(ms: number | null | undefined, now: number): string {
  if (ms === null || ms === undefined) return 'never';
  const diff = now - ms;
  const abs = Math.abs(diff);
  if (abs < 2_000 || (diff < 0 && diff > -10_000)) return 'just now';
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const [size, unit] = units.find(([s]) => abs >= s) ?? [1_000, 's'];
  const value = Math.floor(abs / size);
  return diff >= 0 ? `${value}${unit} ago` : `in ${value}${unit}`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i += 1;
  }
  return `${i === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[i]}`;
}

export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toFixed(1)} %`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-US');
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  return `${perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1)} /s`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 0 : 1)} ms`;
}

/** Seconds → "3d 4h", "5h 12m", "4m 10s". */
export function formatUptime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m ${s % 60}s`;
}

/** A configured interval in milliseconds as people write it: 500ms, 30s, 5m, 2h. */
export function formatInterval(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const units: [number, string][] = [
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const exact = units.find(([size]) => ms >= size && ms % size === 0);
  return exact ? `${ms / exact[0]}${exact[1]}` : formatMs(ms);
}
