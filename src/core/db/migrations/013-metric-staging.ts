import type { Migration } from './types';

/**
 * Staged metric samples: a large metric batch is committed here first as one row (its series
 * ids and sample counts, times and values as packed binary arrays) and answered, then moved to
 * `metric_samples` together with the batches staged after it in one transaction (see
 * repos/metric-staging.ts). A batch dirties a B-tree page per series in `metric_samples`
 * (~3.4 pages per series per 50-sample batch, measured): moving several batches at once
 * writes those pages once instead of once per batch. Rows are deleted in the transaction that
 * moves them; rows left by a crash are moved when the writer starts.
 */
export const m013MetricStaging: Migration = {
  version: 13,
  name: 'metric-staging',
  up(db) {
    db.exec(`
      CREATE TABLE metric_staging (
        id      INTEGER PRIMARY KEY,
        runs    BLOB NOT NULL,
        ts      BLOB NOT NULL,
        vals    BLOB NOT NULL,
        samples INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
