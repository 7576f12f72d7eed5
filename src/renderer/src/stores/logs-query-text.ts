/**
 * Small edits of the query text the console makes for the operator (a facet click adds
 * `host:x`, a correlation link searches `request_id:x`), and saved searches ↔ LogQuery.
 */
import { LOG_LEVELS, type LogLevel, type SavedSearch, type SavedSearchInput } from '../../../shared/api/schemas/logs';
import { DEFAULT_LOG_QUERY, LOG_RANGES, hasAbsoluteRange, queryFromParams, type LogQuery, type LogRange } from './logs-query';

/** `field:value`, the value quoted when it holds anything the query language would split on. */
export function fieldTerm(field: string, value: string): string {
  return /^[\w.\-:/@]+$/.test(value) ? `${field}:${value}` : `${field}:"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Append a term to the query text unless it is already there. */
export function addTerm(q: string, term: string): string {
  const text = q.trim();
  if (!text) return term;
  return text.split(/\s+/).includes(term) ? text : `${text} ${term}`;
}

export type SavedQuery = SavedSearchInput['query'];

/** What a saved search stores: the API's own field names, the range as a relative or absolute bound. */
export function toSavedQuery(query: LogQuery): SavedQuery {
  const saved: SavedQuery = {};
  if (query.q.trim()) saved.q = query.q.trim();
  if (query.minLevel) saved.min_level = query.minLevel;
  if (query.service) saved.service = query.service;
  if (query.spacecraft) saved.spacecraft_id = query.spacecraft;
  if (hasAbsoluteRange(query)) {
    saved.from = String(query.from);
    saved.to = String(query.to);
  } else if (query.range !== 'all') saved.from = `now-${query.range}`;
  return saved;
}

const presetOf = (from: string | undefined): LogRange | undefined => {
  if (from === undefined) return 'all';
  const m = /^now-(\w+)$/.exec(from);
  return m && (LOG_RANGES as readonly string[]).includes(m[1] ?? '') ? (m[1] as LogRange) : undefined;
};

/** Restore a saved search; a bound we cannot show (e.g. an ISO date) falls back to the default range. */
export function fromSavedQuery(saved: SavedSearch['query']): LogQuery {
  const params = new URLSearchParams();
  for (const key of ['q', 'min_level', 'service', 'spacecraft_id'] as const) {
    const v = saved[key];
    if (v) params.set(key, v);
  }
  const from = saved.from;
  const to = saved.to;
  const preset = to === undefined ? presetOf(from) : undefined;
  if (preset) params.set('range', preset);
  const asMs = (v: string | undefined) => (v === undefined ? NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v));
  if (to !== undefined && Number.isFinite(asMs(from)) && Number.isFinite(asMs(to))) {
    params.set('from', String(asMs(from)));
    params.set('to', String(asMs(to)));
  }
  return { ...DEFAULT_LOG_QUERY, ...queryFromParams(params) };
}

/** A facet value clicked: level/service/spacecraft use the filters, a source becomes `host:` text. */
export function applyFacet(query: LogQuery, field: 'level' | 'service' | 'spacecraft_id' | 'source', value: string): LogQuery {
  switch (field) {
    case 'level': {
      const level = value.toUpperCase();
      return (LOG_LEVELS as readonly string[]).includes(level) ? { ...query, minLevel: level as LogLevel } : query;
    }
    case 'service':
      return { ...query, service: value };
    case 'spacecraft_id':
      return { ...query, spacecraft: value };
    case 'source':
      return { ...query, q: addTerm(query.q, fieldTerm('host', value)) };
  }
}

/** Every line carrying this request or trace id, whenever it was logged and wherever from. */
export function correlationQuery(field: 'request_id' | 'trace_id', value: string): LogQuery {
  return { ...DEFAULT_LOG_QUERY, q: fieldTerm(field, value), range: 'all' };
}
