import type { LogExportFormat } from '../../../../shared/api/schemas/log-stream';
import { exportUrl } from '../../api/log-export';
import { toQueryFields, type LogQuery } from '../../stores/logs-query';

export type ExportFormat = LogExportFormat;

/**
 * The station streams every matching line from this (non-contract) route; a plain link lets the
 * browser download it without holding the file in memory. Same query fields as the search.
 */
export function exportHref(query: LogQuery, format: ExportFormat): string {
  return exportUrl({ ...toQueryFields(query) }, format);
}
