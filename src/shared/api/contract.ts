/**
 * The one API contract. Every operation the UI or a script can perform is one entry here; the
 * core implements each once, and the HTTP routes, the IPC dispatcher and the renderer's client
 * are generic loops over this table. Input schemas are objects; properties named as `:params`
 * in the path travel in the path over HTTP, the rest in the query (GET) or the JSON body (POST).
 */
import type { Static, TSchema } from 'typebox';
import {
  Deleted,
  LogContext,
  LogContextInput,
  LogFacets,
  LogFacetsInput,
  LogHistogram,
  LogHistogramInput,
  LogSearchInput,
  LogSearchOutput,
  LogValuesInput,
  LogValuesOutput,
  SavedSearch,
  SavedSearchId,
  SavedSearchInput,
  SavedSearchList,
} from './schemas/logs';
import {
  MetricNames,
  MetricNamesInput,
  MetricQueryInput,
  MetricQueryOutput,
  MetricQueryRangeInput,
  MetricQueryRangeOutput,
  MetricRetention,
  MetricRetentionSetInput,
  MetricSeriesInput,
  MetricSeriesOutput,
  SystemMetrics,
} from './schemas/metrics';
import {
  AcknowledgeInput,
  ActiveAlertsInput,
  Alert,
  AlertList,
  AlertRule,
  AlertRuleInput,
  AlertRuleList,
  AlertDetail,
  AuditInput,
  AuditList,
  Backtest,
  BacktestInput,
  ByIdInput,
  EnableRuleInput,
  IdInput,
  PreviewOutput,
  RestoreVersionInput,
  RuleVersionList,
  ShelveInput,
  Silence,
  SilenceInput,
  SilenceList,
  UpdateRuleInput,
} from './schemas/alerts';
import {
  Empty,
  Endpoint,
  EndpointDetail,
  EndpointDetailInput,
  EndpointId,
  EndpointInput,
  EndpointList,
  EndpointPauseInput,
  EndpointUpdateInput,
  SpacecraftDetail,
  SpacecraftId,
  SpacecraftRegisterInput,
  Spacecraft,
  Overview,
  RangeInput,
  SpacecraftList,
  SystemInfo,
  Trends,
  TrendsInput,
} from './schemas/fleet';
import { Retention, RetentionSetInput } from './schemas/retention';
import { Channel, ChannelId, ChannelInput, ChannelList, ChannelTestResult, DeliveriesInput, DeliveryList, RoutingConfig } from './schemas/notify';
import { ExtractionRule, ExtractionRuleId, ExtractionRuleInput, ExtractionRuleList, ExtractionTestInput, ExtractionTestOutput } from './schemas/extraction';
import { Dashboard, DashboardId, DashboardInput, DashboardList } from './schemas/dashboards';

export interface Operation {
  readonly http: { readonly method: 'GET' | 'POST'; readonly path: string };
  readonly input: TSchema;
  readonly output: TSchema;
  readonly summary: string;
  /** HTTP status of a successful answer (default 200). */
  readonly status?: number;
}

const op = <I extends TSchema, O extends TSchema>(
  method: 'GET' | 'POST',
  path: string,
  input: I,
  output: O,
  summary: string,
  status?: number,
) => ({ http: { method, path }, input, output, summary, ...(status ? { status } : {}) }) as const;

export const contract = {
  'logs.search': op('GET', '/logs/search', LogSearchInput, LogSearchOutput, 'Search log lines, newest first'),
  'logs.values': op('GET', '/logs/values', LogValuesInput, LogValuesOutput, 'Known values of a log field, most frequent first'),
  'logs.histogram': op('GET', '/logs/histogram', LogHistogramInput, LogHistogram, 'Matching lines per time bucket, stacked by level'),
  'logs.facets': op('GET', '/logs/facets', LogFacetsInput, LogFacets, 'Top values of level, service, spacecraft and source among matching lines'),
  'logs.context': op('GET', '/logs/:id/context', LogContextInput, LogContext, 'The lines just before and after one line, from the same service/spacecraft'),
  'searches.list': op('GET', '/searches', Empty, SavedSearchList, 'Saved searches'),
  'searches.save': op('POST', '/searches', SavedSearchInput, SavedSearch, 'Save a search (a name, the query and filters, the time range); the same name replaces it', 201),
  'searches.delete': op('POST', '/searches/:id/delete', SavedSearchId, Deleted, 'Delete a saved search'),
  'metrics.system': op('GET', '/metrics/system', Empty, SystemMetrics, 'Host, process, ingest and database health of this station'),
  'metrics.series': op('GET', '/metrics/series', MetricSeriesInput, MetricSeriesOutput, 'Raw samples of one metric over a time range'),
  'metrics.query': op('GET', '/metrics/query', MetricQueryInput, MetricQueryOutput, 'Evaluate a metric query (PromQL subset) at one instant'),
  'metrics.queryRange': op('GET', '/metrics/query_range', MetricQueryRangeInput, MetricQueryRangeOutput, 'Evaluate a metric query over a time range at a step, from raw samples or rollups'),
  'metrics.names': op('GET', '/metrics/names', MetricNamesInput, MetricNames, 'Known metric names with type, unit and label keys (for autocomplete)'),
  'metrics.retention': op('GET', '/metrics/retention', Empty, MetricRetention, 'How long raw metric samples and 1m/1h/1d rollups are kept'),
  'metrics.setRetention': op('POST', '/metrics/retention', MetricRetentionSetInput, MetricRetention, 'Change how long raw samples or a rollup resolution are kept (12h, 30d, forever)'),
  'alerts.createRule': op('POST', '/alerts/rules', AlertRuleInput, AlertRule, 'Create an alert rule', 201),
  'alerts.listRules': op('GET', '/alerts/rules', Empty, AlertRuleList, 'List alert rules'),
  'alerts.active': op('GET', '/alerts/active', ActiveAlertsInput, AlertList, 'Alerts that are pending, firing or acknowledged'),
  'alerts.acknowledge': op('POST', '/alerts/:id/acknowledge', AcknowledgeInput, Alert, 'Acknowledge an alert (who, comment; when is the server time)'),
  'alerts.getRule': op('GET', '/alerts/rules/:id', IdInput, AlertRule, 'One alert rule'),
  'alerts.updateRule': op('POST', '/alerts/rules/:id', UpdateRuleInput, AlertRule, 'Replace a rule (a new version; the old one stays in its history)'),
  'alerts.deleteRule': op('POST', '/alerts/rules/:id/delete', ByIdInput, Deleted, 'Delete a rule and its alerts (its versions and audit entries stay)'),
  'alerts.enableRule': op('POST', '/alerts/rules/:id/enable', EnableRuleInput, AlertRule, 'Enable or disable a rule'),
  'alerts.ruleVersions': op('GET', '/alerts/rules/:id/versions', IdInput, RuleVersionList, 'Every version of a rule, newest first, with who/when'),
  'alerts.restoreRuleVersion': op('POST', '/alerts/rules/:id/restore', RestoreVersionInput, AlertRule, 'Make an old version of a rule current again (as a new version)'),
  'alerts.previewRule': op('POST', '/alerts/rules/preview', AlertRuleInput, PreviewOutput, 'The current value(s) of a rule that is being edited'),
  'alerts.backtest': op('POST', '/alerts/backtests', BacktestInput, Backtest, 'Replay a rule over stored history (default the last 7 days); poll the job, cancel it', 202),
  'alerts.getBacktest': op('GET', '/alerts/backtests/:id', IdInput, Backtest, 'A backtest job: progress, values and when the rule would have fired and resolved'),
  'alerts.cancelBacktest': op('POST', '/alerts/backtests/:id/cancel', IdInput, Backtest, 'Stop a running backtest'),
  'alerts.get': op('GET', '/alerts/:id', IdInput, AlertDetail, 'One alert with its rule, its timeline of state changes and the data that triggered it'),
  'alerts.shelve': op('POST', '/alerts/:id/shelve', ShelveInput, Alert, 'Shelve an alert for a duration or until a time; it returns unacknowledged if still active'),
  'alerts.unshelve': op('POST', '/alerts/:id/unshelve', ByIdInput, Alert, 'Take an alert off the shelf now'),
  'alerts.createSilence': op('POST', '/alerts/silences', SilenceInput, Silence, 'Mute notifications of alerts matching labels during a window (optionally recurring)', 201),
  'alerts.listSilences': op('GET', '/alerts/silences', Empty, SilenceList, 'Silences, newest first'),
  'alerts.expireSilence': op('POST', '/alerts/silences/:id/expire', ByIdInput, Silence, 'End a silence now'),
  'alerts.audit': op('GET', '/alerts/audit', AuditInput, AuditList, 'Search the audit log of operator actions (rule edits, ack, shelve, silence)'),
  'spacecraft.health': op('GET', '/health/spacecraft', Empty, SpacecraftList, 'Every known spacecraft with status, last contact and health score'),
  'dashboards.overview': op('GET', '/dashboards/overview', RangeInput, Overview, 'Fleet overview: counts by level and spacecraft, alerts, ingest rate'),
  'dashboards.list': op('GET', '/dashboards', Empty, DashboardList, 'Saved dashboards, by name'),
  'dashboards.get': op('GET', '/dashboards/:id', DashboardId, Dashboard, 'One saved dashboard with its panels (also its export file)'),
  'dashboards.save': op('POST', '/dashboards', DashboardInput, Dashboard, 'Create a dashboard, or replace one whole when id is given (also imports an exported file)'),
  'dashboards.delete': op('POST', '/dashboards/:id/delete', DashboardId, Deleted, 'Delete a saved dashboard'),
  'monitoring.createEndpoint': op('POST', '/monitoring/endpoints', EndpointInput, Endpoint, 'Register an endpoint to check periodically', 201),
  'monitoring.listEndpoints': op('GET', '/monitoring/endpoints', Empty, EndpointList, 'List monitored endpoints with their last status'),
  'monitoring.getEndpoint': op('GET', '/monitoring/endpoints/:id', EndpointDetailInput, EndpointDetail, 'One monitored endpoint with uptime over 24 h/7 d/30 d, its recent checks and state changes'),
  'monitoring.updateEndpoint': op('POST', '/monitoring/endpoints/:id', EndpointUpdateInput, Endpoint, 'Change a monitored endpoint (fields left out stay as they are)'),
  'monitoring.deleteEndpoint': op('POST', '/monitoring/endpoints/:id/delete', EndpointId, Deleted, 'Stop monitoring an endpoint and forget its history'),
  'monitoring.pauseEndpoint': op('POST', '/monitoring/endpoints/:id/pause', EndpointPauseInput, Endpoint, 'Pause (paused: true, the default) or resume (paused: false) the checks of an endpoint'),
  'spacecraft.get': op('GET', '/health/spacecraft/:id', SpacecraftId, SpacecraftDetail, 'One spacecraft: status, health score with its contributing terms, linked endpoints'),
  'spacecraft.register': op('POST', '/spacecraft', SpacecraftRegisterInput, Spacecraft, 'Register a spacecraft (name, mission type, location, expected contact interval); an existing one is updated', 201),
  'spacecraft.update': op('POST', '/spacecraft/:id', SpacecraftRegisterInput, Spacecraft, 'Change a spacecraft\'s name, mission type, location or expected contact interval'),
  'analytics.trends': op('GET', '/analytics/trends', TrendsInput, Trends, 'Log volume over time, grouped, with the previous period for comparison'),
  'retention.get': op('GET', '/retention', Empty, Retention, 'How long lines of each level are kept, and what retention has archived and deleted'),
  'retention.set': op('POST', '/retention', RetentionSetInput, Retention, 'Change how long lines of some levels are kept (12h, 30d, forever); the rest stay as they are'),
  'extraction.list': op('GET', '/extraction/rules', Empty, ExtractionRuleList, 'Extraction rules (patterns whose captures become metadata at ingest), in the order they run, with counters since start'),
  'extraction.save': op('POST', '/extraction/rules', ExtractionRuleInput, ExtractionRule, 'Create an extraction rule, or update one when id is given; a bad pattern is a 400 naming the position'),
  'extraction.delete': op('POST', '/extraction/rules/:id/delete', ExtractionRuleId, Deleted, 'Delete an extraction rule'),
  'extraction.test': op('POST', '/extraction/test', ExtractionTestInput, ExtractionTestOutput, 'Run a draft rule over sample lines with the code ingest uses: per line matched?, fields, level'),
  'notify.listChannels': op('GET', '/notifications/channels', Empty, ChannelList, 'Notification channels (secrets masked)'),
  'notify.saveChannel': op('POST', '/notifications/channels', ChannelInput, Channel, 'Create a notification channel, or update the one with `id`'),
  'notify.deleteChannel': op('POST', '/notifications/channels/:id/delete', ChannelId, Deleted, 'Delete a channel no route uses'),
  'notify.testChannel': op('POST', '/notifications/channels/:id/test', ChannelId, ChannelTestResult, 'Send a test notification through a channel now and say how it went'),
  'notify.getRouting': op('GET', '/notifications/routing', Empty, RoutingConfig, 'The routing tree (routes, escalation tiers) and flood control'),
  'notify.setRouting': op('POST', '/notifications/routing', RoutingConfig, RoutingConfig, 'Replace the routing tree and flood control'),
  'notify.deliveries': op('GET', '/notifications/deliveries', DeliveriesInput, DeliveryList, 'The delivery log: queued, sent, skipped and failed notifications, newest first'),
  'system.info': op('GET', '/api/v1/info', Empty, SystemInfo, 'What this station is and where it keeps its data'),
} as const satisfies Record<string, Operation>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = Static<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = Static<Contract[M]['output']>;

/** The full API as the core implements it: one async function per contract entry. */
export type Api = { [M in MethodName]: (input: InputOf<M>) => Promise<OutputOf<M>> };

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Path parameters named in an operation's HTTP path (`/alerts/:id/acknowledge` → ['id']). */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] as string);
}
