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
import { MetricSeriesInput, MetricSeriesOutput, SystemMetrics } from './schemas/metrics';
import {
  AcknowledgeInput,
  ActiveAlertsInput,
  Alert,
  AlertList,
  AlertRule,
  AlertRuleInput,
  AlertRuleList,
} from './schemas/alerts';
import {
  Empty,
  Endpoint,
  EndpointInput,
  EndpointList,
  Overview,
  RangeInput,
  SpacecraftList,
  SystemInfo,
  Trends,
  TrendsInput,
} from './schemas/fleet';
import { Retention, RetentionSetInput } from './schemas/retention';

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
  'alerts.createRule': op('POST', '/alerts/rules', AlertRuleInput, AlertRule, 'Create an alert rule', 201),
  'alerts.listRules': op('GET', '/alerts/rules', Empty, AlertRuleList, 'List alert rules'),
  'alerts.active': op('GET', '/alerts/active', ActiveAlertsInput, AlertList, 'Alerts that are pending, firing or acknowledged'),
  'alerts.acknowledge': op('POST', '/alerts/:id/acknowledge', AcknowledgeInput, Alert, 'Acknowledge an alert (who, comment; when is the server time)'),
  'spacecraft.health': op('GET', '/health/spacecraft', Empty, SpacecraftList, 'Every known spacecraft with status, last contact and health score'),
  'dashboards.overview': op('GET', '/dashboards/overview', RangeInput, Overview, 'Fleet overview: counts by level and spacecraft, alerts, ingest rate'),
  'monitoring.createEndpoint': op('POST', '/monitoring/endpoints', EndpointInput, Endpoint, 'Register an endpoint to check periodically', 201),
  'monitoring.listEndpoints': op('GET', '/monitoring/endpoints', Empty, EndpointList, 'List monitored endpoints with their last status'),
  'analytics.trends': op('GET', '/analytics/trends', TrendsInput, Trends, 'Log volume over time, grouped, with the previous period for comparison'),
  'retention.get': op('GET', '/retention', Empty, Retention, 'How long lines of each level are kept, and what retention has archived and deleted'),
  'retention.set': op('POST', '/retention', RetentionSetInput, Retention, 'Change how long lines of some levels are kept (12h, 30d, forever); the rest stay as they are'),
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
