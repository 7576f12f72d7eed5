import type { RuleKindModule } from './types';

/** A spacecraft's health score (0–100, as last computed) — one spacecraft or * for the fleet. */
export const healthBelow: RuleKindModule = {
  kind: 'health_below',
  evaluateOnIngest: false,
  backtestable: false,
  defaultOperator: '<',
  validate() {
    // Spacecraft register on first sight: an unknown id today may be a valid one tomorrow.
  },
  evaluate(ctx, rule) {
    const target = rule.condition.trim();
    const craft = (ctx.spacecraft?.list() ?? []).filter((s) => target === '*' || s.id === target);
    return {
      series: craft.map((s) => ({ labels: { spacecraft: s.id }, value: s.health_score, details: { spacecraft: s.id, status: s.status } })),
    };
  },
  describe(_rule, value) {
    return `health score ${value}`;
  },
};
