/**
 * The logs page's search as operators think of it (text, minimum level, service, spacecraft,
 * time range), and its two projections: the API input and the shareable URL hash query.
 */
import { LOG_LEVELS, type LogLevel, type LogSearchInput } from '../../../shared/api/schemas/logs';

export const LOG_RANGES = ['15m', '1h', '6h', '24h', '7d', '30d', 'all'] as const;
export type LogRange = (typeof LOG_RANGES)[number];

export interface LogQuery {
  q: string;
  minLevel: LogLevel | '';
  service: string;
  spacecraft: string;
  range: LogRange;
}

export const DEFAULT_LOG_QUERY: LogQuery = { q: '', minLevel: '', service: '', spacecraft: '', range: '24h' };
export const LOG_PAGE_SIZE = 100;

const isLevel = (v: string): v is LogLevel => (LOG_LEVELS as readonly string[]).includes(v);
const isRange = (v: string): v is LogRange => (LOG_RANGES as readonly string[]).includes(v);

export function toSearchInput(query: LogQuery, cursor?: string | null, limit = LOG_PAGE_SIZE): LogSearchInput {
  const input: LogSearchInput = { limit };
  const q = query.q.trim();
  if (q) input.q = q;
  if (query.minLevel) input.min_level = query.minLevel;
  if (query.service) input.service = query.service;
  if (query.spacecraft) input.spacecraft_id = query.spacecraft;
  if (query.range !== 'all') input.from = `now-${query.range}`;
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
  return params;
}

/** Anything unrecognised in a pasted URL falls back to the default rather than failing. */
export function queryFromParams(params: URLSearchParams): LogQuery {
  const level = (params.get('min_level') ?? '').toUpperCase();
  const range = params.get('range') ?? '';
  return {
    q: params.get('q') ?? '',
    minLevel: isLevel(level) ? level : '',
    service: params.get('service') ?? '',
    spacecraft: params.get('spacecraft_id') ?? '',
    range: isRange(range) ? range : DEFAULT_LOG_QUERY.range,
  };
}

export function sameQuery(a: LogQuery, b: LogQuery): boolean {
  return (
    a.q.trim() === b.q.trim() &&
    a.minLevel === b.minLevel &&
    a.service === b.service &&
    a.spacecraft === b.spacecraft &&
    a.range === b.range
  );
}
