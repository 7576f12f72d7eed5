/** Explorer exports: CSV of the charted series, and a file name that says what and when. */
import type { NamedSeries } from '../../charts/options/query-series';

/** Spreadsheet apps run cells starting with these as formulas; a label is data, never code. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One row per timestamp (ISO 8601 UTC and epoch ms), one column per series; a series without a
 * sample at that time leaves its cell empty, so series at different steps still line up.
 */
export function seriesToCsv(series: readonly NamedSeries[]): string {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const lookups = series.map((s) => new Map(s.points.map(([t, v]) => [t, v])));
  const header = ['time', 'epoch_ms', ...series.map((s) => csvCell(s.name))].join(',');
  const rows = times.map((t) => [new Date(t).toISOString(), String(t), ...lookups.map((m) => (m.has(t) ? String(m.get(t)) : ''))].join(','));
  return [header, ...rows].join('\n') + '\n';
}

export function exportFileName(kind: 'csv' | 'png' | 'json', at: number, stem = 'observatory-metrics'): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const safeStem = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '') || 'observatory';
  return `${safeStem}-${stamp}.${kind}`;
}

/** Save a blob or a data URL through a temporary link: works in a browser and in the desktop window. */
export function download(name: string, content: Blob | string): void {
  const href = typeof content === 'string' ? content : URL.createObjectURL(content);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (typeof content !== 'string') setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
