import type { AlertRule, RuleKind } from '../../../shared/api/schemas/alerts';
import type { LogsRepo } from '../../db/repos/logs';
import type { MetricsRepo } from '../../db/repos/metrics';

export interface KindContext {
  logs: LogsRepo;
  metrics: MetricsRepo;
}

export interface Evaluation {
  /** The measured value, or null when there is no data to compare. */
  value: number | null;
  details: Record<string, unknown>;
}

/** One alert condition kind: how its `condition` text is checked and how it is measured. */
export interface RuleKindModule {
  readonly kind: RuleKind;
  /** Throws a bad_request ApiError naming the problem when the condition cannot be evaluated. */
  validate(condition: string): void;
  evaluate(ctx: KindContext, rule: AlertRule, now: number): Evaluation;
  /** Re-evaluate as soon as matching data is committed (not only on the interval). */
  readonly evaluateOnIngest: boolean;
}
