import { create } from 'zustand';
import type { AlertRule, AlertRuleInput, Backtest, PreviewOutput, RuleVersion } from '../../../shared/api/schemas/alerts';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface RulesState extends Loadable {
  items: AlertRule[];
  versions: { ruleId: number; items: RuleVersion[] } | null;
  preview: PreviewOutput | null;
  previewError: string | null;
  backtest: Backtest | null;
  load(): Promise<boolean>;
  /** Throws the ApiError so the form can show the server's validation message inline. */
  createRule(input: AlertRuleInput): Promise<AlertRule>;
  updateRule(id: number, input: AlertRuleInput): Promise<AlertRule>;
  deleteRule(id: number, by: string): Promise<void>;
  enableRule(id: number, enabled: boolean, by: string): Promise<void>;
  loadVersions(ruleId: number | null): Promise<void>;
  restoreVersion(ruleId: number, version: number, by: string): Promise<AlertRule>;
  previewRule(input: AlertRuleInput | null): Promise<void>;
  /** Starts a backtest and polls it until it ends or is cancelled. */
  runBacktest(input: AlertRuleInput, from: string): Promise<void>;
  cancelBacktest(): Promise<void>;
}

const POLL_MS = 250;

export function createRulesStore(api: ApiClient) {
  const put = (items: AlertRule[], rule: AlertRule) => [...items.filter((r) => r.id !== rule.id), rule];
  return create<RulesState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    versions: null,
    preview: null,
    previewError: null,
    backtest: null,
    load: createLoader(set, get, () => api.alerts.listRules(), (list) => ({ items: list.items })),
    async createRule(input) {
      const rule = await api.alerts.createRule(input);
      // The form starts afresh: the draft's preview and backtest no longer describe it.
      set((s) => ({ items: put(s.items, rule), preview: null, backtest: null }));
      return rule;
    },
    async updateRule(id, input) {
      const rule = await api.alerts.updateRule({ ...input, id });
      set((s) => ({ items: put(s.items, rule) }));
      if (get().versions?.ruleId === id) await get().loadVersions(id);
      return rule;
    },
    async deleteRule(id, by) {
      await api.alerts.deleteRule({ id, by });
      set((s) => ({ items: s.items.filter((r) => r.id !== id), versions: s.versions?.ruleId === id ? null : s.versions }));
    },
    async enableRule(id, enabled, by) {
      const rule = await api.alerts.enableRule({ id, enabled, by });
      set((s) => ({ items: put(s.items, rule) }));
    },
    async loadVersions(ruleId) {
      if (ruleId === null) return set({ versions: null });
      set({ versions: { ruleId, items: (await api.alerts.ruleVersions({ id: ruleId })).items } });
    },
    async restoreVersion(ruleId, version, by) {
      const rule = await api.alerts.restoreRuleVersion({ id: ruleId, version, by });
      set((s) => ({ items: put(s.items, rule) }));
      await get().loadVersions(ruleId);
      return rule;
    },
    async previewRule(input) {
      if (!input) return set({ preview: null, previewError: null });
      try {
        set({ preview: await api.alerts.previewRule(input), previewError: null });
      } catch (e) {
        set({ preview: null, previewError: e instanceof Error ? e.message : String(e) });
      }
    },
    async runBacktest(input, from) {
      let b = await api.alerts.backtest({ rule: input, from });
      set({ backtest: b });
      while (b.state === 'running') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        // A newer run replaced this one, or it is known to have ended: stop polling it.
        const still = () => get().backtest?.id === b.id && get().backtest?.state === 'running';
        if (!still()) return;
        b = await api.alerts.getBacktest({ id: b.id });
        if (still()) set({ backtest: b });
      }
    },
    async cancelBacktest() {
      const b = get().backtest;
      if (b && b.state === 'running') set({ backtest: await api.alerts.cancelBacktest({ id: b.id }) });
    },
  }));
}

export type RulesStore = ReturnType<typeof createRulesStore>;
