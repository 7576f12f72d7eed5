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

/** Seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
