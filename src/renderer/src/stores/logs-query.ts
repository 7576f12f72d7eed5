/**
 * The logs page's search as operators think of it (text, minimum level, service, spacecraft,
 * time range), and its projections: the API input and the shareable URL hash query. The time
 * range is a preset (`now-1h`) unless a brushed or saved absolute window (`from`/`to`) is set.
 */
import { LOG_LEVELS, type LogLevel, type LogSearchInput } from '../../../shared/api/schemas/logs';

export const LOG_RANGES = ['5m', '15m', '1h', '6h', '24h', '7d', '30d', 'all'] as const;
export type LogRange = (typeof LOG_RANGES)[number];

export interface LogQuery {
  q: string;
  minLevel: LogLevel | '';
  service: string;
  spacecraft: string;
  range: LogRange;
  /** Absolute window in epoch ms; when both are set they replace the preset range. */
  from?: number;
  to?: number;
}

export const DEFAULT_LOG_QUERY: LogQuery = { q: '', minLevel: '', service: '', spacecraft: '', range: '24h' };
export const LOG_PAGE_SIZE = 100;

/** The filter part every log view shares (search, histogram, facets, export). */
export type LogQueryFields = Omit<LogSearchInput, 'limit' | 'cursor'>;

const isLevel = (v: string): v is LogLevel => (LOG_LEVELS as readonly string[]).includes(v);
const isRange = (v: string): v is LogRange => (LOG_RANGES as readonly string[]).includes(v);

export function hasAbsoluteRange(query: LogQuery): query is LogQuery & { from: number; to: number } {
  return query.from !== undefined && query.to !== undefined;
}

/** Back to the preset range (the absolute window dropped). */
export function withPresetRange(query: LogQuery, range: LogRange = query.range): LogQuery {
  const { from: _from, to: _to, ...rest } = query;
  return { ...rest, range };
}

export function withAbsoluteRange(query: LogQuery, from: number, to: number): LogQuery {
  const lo = Math.floor(Math.min(from, to));
  const hi = Math.ceil(Math.max(from, to));
  return { ...query, from: lo, to: Math.max(hi, lo + 1) };
}

export function toQueryFields(query: LogQuery): LogQueryFields {
  const fields: LogQueryFields = {};
  const q = query.q.trim();
  if (q) fields.q = q;
  if (query.minLevel) fields.min_level = query.minLevel;
  if (query.service) fields.service = query.service;
  if (query.spacecraft) fields.spacecraft_id = query.spacecraft;
  if (hasAbsoluteRange(query)) {
    fields.from = String(query.from);
    fields.to = String(query.to);
  } else if (query.range !== 'all') fields.from = `now-${query.range}`;
  return fields;
}

export function toSearchInput(query: LogQuery, cursor?: string | null, limit = LOG_PAGE_SIZE): LogSearchInput {
  const input: LogSearchInput = { ...toQueryFields(query), limit };
  if (cursor) input.cursor = cursor;
  return input;
}

/** Only non-default values go into the URL, so a plain `#/logs` stays plain. */
export function queryToParams(query: LogQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.minLevel) params.set('min_level', query.minLevel);
  if (query.service) params.set('service', query.service);
  if (query.spacecraft) params.set('spacecraft_id', query.spacecraft);
  if (query.range !== DEFAULT_LOG_QUERY.range) params.set('range', query.range);
  if (hasAbsoluteRange(query)) {
    params.set('from', String(query.from));
    params.set('to', String(query.to));
  }
  return params;
}

const epochMs = (v: string | null): number | undefined => {
  if (v === null || !/^\d{1,15}$/.test(v)) return undefined;
  return Number(v);
};

/** Anything unrecognised in a pasted URL falls back to the default rather than failing. */
export function queryFromParams(params: URLSearchParams): LogQuery {
  const level = (params.get('min_level') ?? '').toUpperCase();
  const range = params.get('range') ?? '';
  const query: LogQuery = {
    q: params.get('q') ?? '',
    minLevel: isLevel(level) ? level : '',
    service: params.get('service') ?? '',
    spacecraft: params.get('spacecraft_id') ?? '',
    range: isRange(range) ? range : DEFAULT_LOG_QUERY.range,
  };
  const from = epochMs(params.get('from'));
  const to = epochMs(params.get('to'));
  return from !== undefined && to !== undefined && from < to ? withAbsoluteRange(query, from, to) : query;
}

export function sameQuery(a: LogQuery, b: LogQuery): boolean {
  return (
    a.q.trim() === b.q.trim() &&
    a.minLevel === b.minLevel &&
    a.service === b.service &&
    a.spacecraft === b.spacecraft &&
    a.range === b.range &&
    a.from === b.from &&
    a.to === b.to
  );
}
