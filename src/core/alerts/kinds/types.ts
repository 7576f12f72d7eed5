import type { AlertRule, RuleKind } from '../../../shared/api/schemas/alerts';
import type { AlertDataRepo } from '../../db/repos/alert-data';
import type { EndpointsRepo, SpacecraftRepo } from '../../db/repos/fleet';
import type { LogsRepo } from '../../db/repos/logs';
import type { MetricsRepo } from '../../db/repos/metrics';
import type { IngestInterest } from './ingest-interest';

export interface KindContext {
  logs: LogsRepo;
  metrics: MetricsRepo;
  /** Absent in narrow tests; kinds that need them report no data. */
  spacecraft?: SpacecraftRepo;
  endpoints?: EndpointsRepo;
  /** Supplied by the engine from the alerts repo. */
  data?: AlertDataRepo;
  /** The metric query language (PromQL subset), supplied by the engine. */
  metricQuery?: { instant(query: string, atMs: number): { series: { labels: Record<string, string>; value: number }[] } };
}

/** One measured series; labels identify it (dedup is by rule + labels). */
export interface SeriesValue {
  labels: Record<string, string>;
  /** The measured value, or null when there is no data to compare. */
  value: number | null;
  details: Record<string, unknown>;
}

export interface Evaluation {
  series: SeriesValue[];
}

/** The fields of a rule a kind looks at (a saved rule, or one being previewed/backtested). */
export type RuleDefinition = Pick<AlertRule, 'kind' | 'condition' | 'operator' | 'threshold' | 'window_ms' | 'measure'>;

/** One alert condition kind: how its `condition` text is checked and how it is measured. */
export interface RuleKindModule {
  readonly kind: RuleKind;
  /** Throws a bad_request ApiError naming the field when the rule cannot be evaluated. */
  validate(rule: RuleDefinition): void;
  evaluate(ctx: KindContext, rule: RuleDefinition, now: number): Evaluation;
  /** Re-evaluate as soon as matching data is committed (not only on the interval). */
  readonly evaluateOnIngest: boolean;
  /** Which commits could change the value (asked once per condition); absent: every commit. */
  ingestInterest?(rule: RuleDefinition): IngestInterest;
  /** Whether stored history lets a backtest replay it (endpoint status and health keep no history). */
  readonly backtestable: boolean;
  /** What the value is, for messages: "5 matching lines in 5m", "no data for 320 s". */
  describe(rule: RuleDefinition, value: string): string;
  /** Default operator when the rule gives none. */
  readonly defaultOperator: AlertRule['operator'];
}

export const single = (value: number | null, details: Record<string, unknown>): Evaluation => ({ series: [{ labels: {}, value, details }] });
