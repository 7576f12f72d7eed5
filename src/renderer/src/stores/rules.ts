import { create } from 'zustand';
import type { AlertRule, AlertRuleInput } from '../../../shared/api/schemas/alerts';
import type { ApiClient } from '../api/client';
import { createLoader, initialLoadable, type Loadable } from './load';

export interface RulesState extends Loadable {
  items: AlertRule[];
  load(): Promise<boolean>;
  /** Throws the ApiError so the form can show the server's validation message inline. */
  createRule(input: AlertRuleInput): Promise<AlertRule>;
}

export function createRulesStore(api: ApiClient) {
  return create<RulesState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    load: createLoader(set, get, () => api.alerts.listRules(), (list) => ({ items: list.items })),
    async createRule(input) {
      const rule = await api.alerts.createRule(input);
      set((s) => ({ items: [...s.items.filter((r) => r.id !== rule.id), rule] }));
      return rule;
    },
  }));
}

export type RulesStore = ReturnType<typeof createRulesStore>;
