import { formatDuration } from '../../query/time';
import { logQueryInterest } from './ingest-interest';
import { single, type RuleKindModule } from './types';

/** Lines matching a log query over the rule's window: a count, or a rate in lines per minute. */
export const logMatch: RuleKindModule = {
  kind: 'log_match',
  evaluateOnIngest: true,
  ingestInterest(rule) {
    return logQueryInterest(rule.condition);
  },
  backtestable: true,
  defaultOperator: '>',
  validate() {
    // Any text is a valid log query: what is not syntax is searched literally.
  },
  evaluate(ctx, rule, now) {
    const from = now - rule.window_ms;
    const count = ctx.logs.count({ q: rule.condition, from, to: now });
    const value = rule.measure === 'rate' ? count / (rule.window_ms / 60_000) : count;
    return single(value, { query: rule.condition, from, to: now, count });
  },
  describe(rule, value) {
    return rule.measure === 'rate'
      ? `${value} matching lines/min over ${formatDuration(rule.window_ms)}`
      : `${value} matching lines in ${formatDuration(rule.window_ms)}`;
  },
};
