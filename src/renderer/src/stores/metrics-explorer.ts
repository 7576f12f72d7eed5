/**
 * The metrics explorer: several queries overlaid on one chart, its type and threshold lines.
 * Queries run against the global time range; answers to superseded runs are dropped.
 */
import { create } from 'zustand';
import { PANEL_CHARTS, type PanelChart } from '../../../shared/api/schemas/dashboards';
import type { ApiClient } from '../api/client';
import { oneOf } from '../lib/enums';
import { runRangeQuery, type QueryResult, type QueryWindow } from './metric-queries';

export const EXPLORER_CHARTS = PANEL_CHARTS.filter((c): c is Exclude<PanelChart, 'stat'> => c !== 'stat');
export type ExplorerChart = (typeof EXPLORER_CHARTS)[number];
export const MAX_QUERIES = 8;

export interface ExplorerQuery {
  key: number;
  text: string;
  visible: boolean;
}

export interface ExplorerState {
  queries: ExplorerQuery[];
  chart: ExplorerChart;
  /** As typed: comma-separated numbers. */
  thresholds: string;
  results: Record<number, QueryResult>;
  running: boolean;
  /** Known metric names, for the query box's suggestions. */
  names: string[];
  loadNames(): Promise<void>;
  setText(key: number, text: string): void;
  addQuery(text?: string): void;
  removeQuery(key: number): void;
  toggleQuery(key: number): void;
  setChart(chart: ExplorerChart): void;
  setThresholds(text: string): void;
  /** Replace the queries (from the URL); no-op when they are the same. */
  restore(texts: readonly string[], chart: string | null, thresholds: string | null): void;
  run(window: QueryWindow): Promise<void>;
}

/** "45, 50.5" → [45, 50.5]; the parts that are not numbers are reported, not silently dropped. */
export function parseThresholds(text: string): { values: number[]; invalid: string[] } {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
  const values: number[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (Number.isFinite(n)) values.push(n);
    else invalid.push(p);
  }
  return { values: values.slice(0, 5), invalid };
}

export function createExplorerStore(api: ApiClient) {
  let nextKey = 1;
  let ticket = 0;
  const query = (text = ''): ExplorerQuery => ({ key: nextKey++, text, visible: true });
  return create<ExplorerState>()((set, get) => ({
    queries: [query()],
    chart: 'line',
    thresholds: '',
    results: {},
    running: false,
    names: [],
    async loadNames() {
      try {
        const out = await api.metrics.names({});
        set({ names: out.names.map((n) => n.name) });
      } catch {
        // Suggestions only: the query box works without them.
      }
    },
    setText(key, text) {
      set({ queries: get().queries.map((q) => (q.key === key ? { ...q, text } : q)) });
    },
    addQuery(text = '') {
      if (get().queries.length >= MAX_QUERIES) return;
      set({ queries: [...get().queries, query(text)] });
    },
    removeQuery(key) {
      const queries = get().queries.filter((q) => q.key !== key);
      const results = { ...get().results };
      delete results[key];
      set({ queries: queries.length > 0 ? queries : [query()], results });
    },
    toggleQuery(key) {
      set({ queries: get().queries.map((q) => (q.key === key ? { ...q, visible: !q.visible } : q)) });
    },
    setChart(chart) {
      set({ chart });
    },
    setThresholds(thresholds) {
      set({ thresholds });
    },
    restore(texts, chart, thresholds) {
      const same = texts.length === get().queries.length && texts.every((t, i) => get().queries[i]?.text === t);
      const patch: Partial<ExplorerState> = {};
      if (!same && texts.length > 0) patch.queries = texts.slice(0, MAX_QUERIES).map((t) => query(t));
      const c = oneOf(EXPLORER_CHARTS, chart);
      if (c) patch.chart = c;
      if (thresholds !== null) patch.thresholds = thresholds;
      set(patch);
    },
    async run(window) {
      const mine = ++ticket;
      const todo = get().queries.filter((q) => q.text.trim() !== '');
      set({ running: true });
      const answers = await Promise.all(todo.map(async (q) => [q.key, await runRangeQuery(api, q.text.trim(), window)] as const));
      if (mine !== ticket) return;
      set({ results: Object.fromEntries(answers), running: false });
    },
  }));
}

export type ExplorerStore = ReturnType<typeof createExplorerStore>;
