import { toQueryFields, type LogQuery } from '../../stores/logs-query';

export type ExportFormat = 'ndjson' | 'csv';

/**
 * The station streams every matching line from this (non-contract) route; a plain link lets the
 * browser download it without holding the file in memory. Same query fields as the search.
 */
export function exportHref(query: LogQuery, format: ExportFormat): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(toQueryFields(query))) {
    if (value !== undefined) params.set(key, String(value));
  }
  return `/logs/export?${params.toString()}`;
}
