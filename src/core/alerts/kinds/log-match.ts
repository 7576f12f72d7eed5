import type { RuleKindModule } from './types';

/** Count of log lines matching a log query over the rule's window. */
export const logMatch: RuleKindModule = {
  kind: 'log_match',
  evaluateOnIngest: true,
  validate() {
    // Any text is a valid log query: what is not syntax is searched literally.
  },
  evaluate(ctx, rule, now) {
    const from = now - rule.window_ms;
    const value = ctx.logs.count({ q: rule.condition, from, to: now });
    return { value, details: { query: rule.condition, from, to: now } };
  },
};
