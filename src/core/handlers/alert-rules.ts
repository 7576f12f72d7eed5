import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { AlertRule } from '../../shared/api/schemas/alerts';
import { alertMessage, breaches } from '../alerts/engine';
import { ruleKind } from '../alerts/kinds';
import { ruleFromInput } from '../alerts/rule-input';
import { parseDuration, parseTimeBound } from '../query/time';
import type { HandlerContext } from './context';

type RuleMethods =
  | 'alerts.createRule'
  | 'alerts.listRules'
  | 'alerts.getRule'
  | 'alerts.updateRule'
  | 'alerts.deleteRule'
  | 'alerts.enableRule'
  | 'alerts.ruleVersions'
  | 'alerts.restoreRuleVersion'
  | 'alerts.previewRule'
  | 'alerts.backtest'
  | 'alerts.getBacktest'
  | 'alerts.cancelBacktest';

const DAY = 86_400_000;

/** Rules: CRUD with a version per change and an audit entry per operator action; preview and backtest. */
export function alertRuleHandlers(ctx: HandlerContext): Pick<Api, RuleMethods> {
  const { alerts } = ctx.repos;
  const must = (id: number): AlertRule => {
    const rule = alerts.rules.get(id);
    if (!rule) throw new ApiError('not_found', `rule ${id} does not exist`);
    return rule;
  };
  const audit = (by: string, action: string, rule: AlertRule, summary: string, details: unknown = {}) =>
    alerts.audit.record({ at: ctx.now(), actor: by, action, target_type: 'rule', target_id: rule.id, summary, details });
  // Judge a changed rule against the data already stored rather than waiting a whole interval.
  const judge = (rule: AlertRule) => {
    if (rule.is_active) ctx.engine.evaluate(rule, ctx.now());
  };

  return {
    async 'alerts.createRule'(input) {
      const now = ctx.now();
      const def = ruleFromInput(input, now);
      if (alerts.rules.nameTaken(def.rule_name)) throw new ApiError('conflict', `rule_name: a rule named "${def.rule_name}" exists`);
      const by = input.by ?? 'operator';
      const rule = alerts.transaction(() => {
        const r = alerts.rules.create(def, by);
        audit(by, 'rule.create', r, `created rule "${r.rule_name}" (${r.kind})`, { rule: r });
        return r;
      });
      judge(rule);
      return rule;
    },

    async 'alerts.listRules'() {
      return { items: alerts.rules.list() };
    },

    async 'alerts.getRule'(input) {
      return must(input.id);
    },

    async 'alerts.updateRule'({ id, ...input }) {
      const before = must(id);
      const now = ctx.now();
      const def = ruleFromInput(input, now, before.created_at);
      if (alerts.rules.nameTaken(def.rule_name, id)) throw new ApiError('conflict', `rule_name: a rule named "${def.rule_name}" exists`);
      const by = input.by ?? 'operator';
      const rule = alerts.transaction(() => {
        const r = alerts.rules.update(id, def, 'update', by, now) as AlertRule;
        alerts.clearSeriesHistory(id);
        audit(by, 'rule.update', r, `edited rule "${r.rule_name}" (version ${r.version})`, { before, after: r });
        return r;
      });
      judge(rule);
      return rule;
    },

    async 'alerts.deleteRule'(input) {
      const rule = must(input.id);
      const by = input.by ?? 'operator';
      alerts.transaction(() => {
        alerts.rules.delete(rule.id);
        audit(by, 'rule.delete', rule, `deleted rule "${rule.rule_name}"`, { rule, comment: input.comment ?? null });
      });
      return { deleted: true };
    },

    async 'alerts.enableRule'(input) {
      must(input.id);
      const by = input.by ?? 'operator';
      const rule = alerts.transaction(() => {
        const r = alerts.rules.setActive(input.id, input.enabled, by, ctx.now()) as AlertRule;
        audit(by, input.enabled ? 'rule.enable' : 'rule.disable', r, `${input.enabled ? 'enabled' : 'disabled'} rule "${r.rule_name}"`);
        return r;
      });
      judge(rule);
      return rule;
    },

    async 'alerts.ruleVersions'(input) {
      must(input.id);
      return { items: alerts.rules.versions(input.id) };
    },

    async 'alerts.restoreRuleVersion'(input) {
      const current = must(input.id);
      const old = alerts.rules.version(input.id, input.version);
      if (!old) throw new ApiError('not_found', `version: rule ${input.id} has no version ${input.version}`);
      if (alerts.rules.nameTaken(old.rule.rule_name, input.id)) throw new ApiError('conflict', `rule_name: another rule is now named "${old.rule.rule_name}"`);
      const by = input.by ?? 'operator';
      const now = ctx.now();
      const rule = alerts.transaction(() => {
        const r = alerts.rules.update(input.id, { ...old.rule, created_at: current.created_at, updated_at: now }, `restore ${input.version}`, by, now) as AlertRule;
        alerts.clearSeriesHistory(input.id);
        audit(by, 'rule.restore', r, `restored rule "${r.rule_name}" to version ${input.version} (now version ${r.version})`);
        return r;
      });
      judge(rule);
      return rule;
    },

    async 'alerts.previewRule'(input) {
      const now = ctx.now();
      const def = ruleFromInput(input, now);
      const { series } = ctx.engine.measure(def, now);
      const first = series[0];
      return {
        series: series.map((s) => ({ labels: s.labels, value: s.value, breached: breaches(def, s.value, false) })),
        message: series.length ? alertMessage(def, first?.value ?? null, first?.labels) : `${def.rule_name}: no series to evaluate yet`,
      };
    },

    async 'alerts.backtest'(input) {
      const now = ctx.now();
      const def = ruleFromInput(input.rule, now);
      if (!ruleKind(def.kind).backtestable) throw new ApiError('bad_request', `rule.kind: ${def.kind} keeps no history to replay; backtest log_match, metric_threshold, absence or rate_of_change rules`);
      const to = input.to ? parseTimeBound(input.to, 'to', now) : now;
      const from = input.from ? parseTimeBound(input.from, 'from', now) : to - 7 * DAY;
      if (from >= to) throw new ApiError('bad_request', 'from: must be before to');
      if (to - from > 90 * DAY) throw new ApiError('bad_request', 'from: at most 90 days before to');
      const step = input.step ? parseDuration(input.step, 'step') : def.interval_ms || ctx.engine.defaultIntervalMs;
      if (step < 1000) throw new ApiError('bad_request', 'step: at least 1s');
      return ctx.engine.backtests.start(def, from, to, step);
    },

    async 'alerts.getBacktest'(input) {
      const b = ctx.engine.backtests.get(input.id);
      if (!b) throw new ApiError('not_found', `backtest ${input.id} does not exist (only the last 20 are kept)`);
      return b;
    },

    async 'alerts.cancelBacktest'(input) {
      const b = ctx.engine.backtests.cancel(input.id);
      if (!b) throw new ApiError('not_found', `backtest ${input.id} does not exist`);
      return b;
    },
  };
}
