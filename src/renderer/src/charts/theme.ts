/**
 * Chart colours for the dark control-room theme. They mirror the CSS custom properties in
 * styles/base.css; canvas drawing cannot read CSS variables cheaply, so they live here too.
 */
import type { LogLevel } from '../../../shared/api/schemas/logs';

export const CHART_COLORS = {
  text: '#d6e0ee',
  muted: '#8a9ab0',
  axis: '#34455e',
  grid: '#1b2535',
  tooltipBg: '#0b121d',
  tooltipBorder: '#2b3a50',
  accent: '#38bdf8',
  accentFill: 'rgba(56, 189, 248, 0.14)',
} as const;

export const LEVEL_COLORS: Record<LogLevel, string> = {
  DEBUG: '#8b95a5',
  INFO: '#38bdf8',
  WARN: '#f5a524',
  ERROR: '#f0524f',
  CRITICAL: '#ff3df2',
};

export const CHART_FONT = 'ui-sans-serif, system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const CHART_MONO = 'ui-monospace, "Cascadia Mono", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace';
