import { Type, type Static } from 'typebox';
import { EpochMs } from './common';

/**
 * Metric trends over calendar periods (UTC days, or ISO weeks starting Monday 00:00 UTC): one
 * value per period, and the current period against the previous one. Periods align with the
 * store's 1 h / 1 d rollups, so complete periods are answered from rollups, not raw samples.
 */
export const TREND_PERIODS = ['day', 'week'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];
/** Stand-in for the period's length inside a trend query: `avg_over_time(x[$period])`. */
export const PERIOD_PLACEHOLDER = '$period';

/** The part of `GET /analytics/trends`'s input that asks for metric trends (all optional). */
export const MetricTrendsInput = {
  period: Type.Optional(Type.Enum(TREND_PERIODS, { description: 'ask for metric trends per UTC day or ISO week' })),
  periods: Type.Optional(Type.Integer({ minimum: 2, maximum: 60, description: 'how many periods, the current one included (14 days or 8 weeks by default)' })),
  query: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'a metric query using $period as its range window, e.g. quantile_over_time(0.95, thermal.battery_temp_c[$period]); absent: the default set',
    }),
  ),
};

const Value = Type.Union([Type.Number(), Type.Null()]);

export const TrendSeries = Type.Object({
  name: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  /** One value per period, aligned with `MetricTrends.periods`; null where there was no data. */
  values: Type.Array(Value),
  current: Value,
  previous: Value,
  change_pct: Type.Union([Type.Number(), Type.Null()], { description: 'null when either side is missing or the previous value is 0' }),
});
export type TrendSeries = Static<typeof TrendSeries>;

export const TrendItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** The query as asked (with $period), or for log-derived items what was counted, in words. */
  query: Type.String(),
  source: Type.Enum(['metrics', 'logs'] as const),
  unit: Type.Union([Type.String(), Type.Null()]),
  /** Which store resolution answered the complete periods (metrics only). */
  resolution: Type.Union([Type.String(), Type.Null()]),
  series: Type.Array(TrendSeries, { maxItems: 20 }),
});
export type TrendItem = Static<typeof TrendItem>;

export const MetricTrends = Type.Object({
  period: Type.Enum(TREND_PERIODS),
  period_ms: Type.Integer({ minimum: 1 }),
  /** Start of each period, oldest first; the last one is the current (partial) period. */
  periods: Type.Array(EpochMs),
  /** The current period's values cover its start up to this instant (rates stay comparable). */
  current_until: EpochMs,
  items: Type.Array(TrendItem),
});
export type MetricTrends = Static<typeof MetricTrends>;
