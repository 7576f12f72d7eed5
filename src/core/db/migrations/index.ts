import type { Database } from 'better-sqlite3';
import type { Migration } from './types';
import { m001Initial } from './001-initial';
import { m002LogFulltext } from './002-log-fulltext';
import { m003IngestBatchesAndSpans } from './003-ingest-batches-and-spans';
import { m004BulkFulltextIndexing } from './004-bulk-fulltext-indexing';
import { m005SavedSearches } from './005-saved-searches';
import { m006Settings } from './006-settings';
import { m007ExtractionRules } from './007-extraction-rules';
import { m008MetricSeries } from './008-metric-series';
import { m009Monitoring } from './009-monitoring';
import { m010Dashboards } from './010-dashboards';
import { m011AlertingLifecycle } from './011-alerting-lifecycle';
import { m012Notifications } from './012-notifications';
import { m013MetricStaging } from './013-metric-staging';

/** Forward-only, listed explicitly (no folder scanning: it breaks in a bundle). */
export const migrations: readonly Migration[] = [m001Initial, m002LogFulltext, m003IngestBatchesAndSpans, m004BulkFulltextIndexing, m005SavedSearches, m006Settings, m007ExtractionRules, m008MetricSeries, m009Monitoring, m010Dashboards, m011AlertingLifecycle, m012Notifications, m013MetricStaging];
export const LATEST_SCHEMA_VERSION = migrations.reduce((max, m) => Math.max(max, m.version), 0);

export class DatabaseTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number, readonly path: string) {
    super(
      `The database at ${path} has schema version ${found}, but this Observatory understands up to ${supported}. ` +
        'It was written by a newer Observatory: upgrade the app, or start with another --data-dir. ' +
        'The file was not modified.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply every pending migration, each in its own transaction together with its version bump. */
export function migrate(db: Database, path: string, upTo = LATEST_SCHEMA_VERSION): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > LATEST_SCHEMA_VERSION) throw new DatabaseTooNewError(from, LATEST_SCHEMA_VERSION, path);
  for (const m of migrations) {
    if (m.version <= from || m.version > upTo) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
