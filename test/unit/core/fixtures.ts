/** Shared builders for core unit tests: an in-memory, migrated database and record factories. */
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/core/db/open';
import type { LogRecord } from '../../../src/core/db/repos/logs';

export function memoryDb(): Database {
  return openDatabase({ path: ':memory:' });
}

export function logRecord(fields: Partial<LogRecord> & Pick<LogRecord, 'message'>): LogRecord {
  return {
    timestamp: 1_000,
    level: 'INFO',
    service: null,
    metadata: null,
    spacecraft_id: null,
    request_id: null,
    trace_id: null,
    span_id: null,
    source: null,
    labels: null,
    ...fields,
  };
}

export { prng } from '../../support/random';
