import { Type, type Static } from 'typebox';
import { EpochMs } from './common';

/**
 * Editable dashboards: a named, ordered list of panels, each a metric query drawn as one chart
 * type. The same shape is the export/import file (`{ name, description, panels }`), so a file a
 * colleague exported is validated by the very schema the save route uses.
 */
export const PANEL_CHARTS = ['line', 'area', 'bar', 'heatmap', 'stat'] as const;
export type PanelChart = (typeof PANEL_CHARTS)[number];

/** Panels sit on a 12-column grid; height is in rows of 80 px. */
export const GRID_COLUMNS = 12;
export const MAX_PANEL_ROWS = 8;

export const PanelOptions = Type.Object(
  {
    thresholds: Type.Optional(Type.Array(Type.Number(), { maxItems: 5 })),
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    stacked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PanelOptions = Static<typeof PanelOptions>;

export const Panel = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    title: Type.String({ maxLength: 200 }),
    /** One query per line; each is drawn as its own set of series on the same chart. */
    queries: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { minItems: 1, maxItems: 8 }),
    chart: Type.Enum(PANEL_CHARTS),
    width: Type.Integer({ minimum: 1, maximum: GRID_COLUMNS }),
    height: Type.Integer({ minimum: 1, maximum: MAX_PANEL_ROWS }),
    options: Type.Optional(PanelOptions),
  },
  { additionalProperties: false },
);
export type Panel = Static<typeof Panel>;

export const DashboardInput = Type.Object(
  {
    /** Present: replace that dashboard; absent: create one. */
    id: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    panels: Type.Array(Panel, { maxItems: 48 }),
  },
  { additionalProperties: false },
);
export type DashboardInput = Static<typeof DashboardInput>;

export const Dashboard = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  panels: Type.Array(Panel),
  created_at: EpochMs,
  updated_at: EpochMs,
});
export type Dashboard = Static<typeof Dashboard>;

export const DashboardSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  panel_count: Type.Integer({ minimum: 0 }),
  updated_at: EpochMs,
});
export const DashboardList = Type.Object({ items: Type.Array(DashboardSummary) });
export type DashboardList = Static<typeof DashboardList>;
export const DashboardId = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** Error counts per time bucket for each spacecraft, for the overview's error-rate chart. */
export const ErrorRateBySpacecraft = Type.Object({
  bucket_ms: Type.Integer({ minimum: 1 }),
  series: Type.Array(
    Type.Object({ spacecraft_id: Type.String(), points: Type.Array(Type.Tuple([EpochMs, Type.Integer({ minimum: 0 })])) }),
  ),
});

/** Groups whose line count changed most against the previous period of the same length. */
export const TopMovers = Type.Array(
  Type.Object({
    name: Type.String(),
    total: Type.Integer({ minimum: 0 }),
    previous_total: Type.Integer({ minimum: 0 }),
    change: Type.Integer({ description: 'total − previous_total' }),
    change_pct: Type.Union([Type.Number(), Type.Null()], { description: 'null when the previous period had none (new)' }),
  }),
  { maxItems: 10 },
);
export type TopMovers = Static<typeof TopMovers>;
