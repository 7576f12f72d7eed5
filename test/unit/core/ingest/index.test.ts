import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpacecraftRepo } from '../../../../src/core/db/repos/fleet';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { MetricsRepo } from '../../../../src/core/db/repos/metrics';
import { IngestRepo } from '../../../../src/core/db/repos/ingest';
import { BatchWriter } from '../../../../src/core/ingest/batch-writer';
import { parseNdjsonBody } from '../../../../src/core/ingest/formats/json-lines';
import { createIngestService, type IngestService } from '../../../../src/core/ingest/index';
import { memoryDb } from '../fixtures';

const NOW = 1_795_428_000_000;
let db: Database;
let logs: LogsRepo;
let ingest: IngestService;

beforeEach(() => {
  db = memoryDb();
  logs = new LogsRepo(db);
  const writer = new BatchWriter(db, { logs, metrics: new MetricsRepo(db), spacecraft: new SpacecraftRepo(db), ingest: new IngestRepo(db) }, () => undefined, () => NOW);
  ingest = createIngestService(writer, () => NOW);
});
afterEach(() => db.close());

describe('ingest service', () => {
  it('stores the good lines and reports parse and validation failures by index, in order', async () => {
    const parsed = parseNdjsonBody('{"message":"a"}\nnot json\n{"msg":"b"}\n{"message":"c","level":"err"}\n');
    const result = await ingest.logs(parsed);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(result.rejected[1]!.error).toMatch(/^msg: unknown field/);
    expect(logs.search({}, null, 10).map((e) => [e.message, e.level])).toEqual([
      ['c', 'ERROR'],
      ['a', 'INFO'],
    ]);
    expect(ingest.rejectedTotal).toBe(2);
  });

  // A plain-object alias table once let level "constructor" through validation; the insert then
  // threw inside the group commit and failed every request in it, other clients' lines included.
  it('one line with level "constructor" does not fail the other requests of the same commit', async () => {
    const good = ingest.logs({ items: [{ message: 'good' }], errors: [] });
    const poisoned = ingest.logs({ items: [{ message: 'ok' }, { message: 'x', level: 'constructor' }], errors: [] });
    const [a, b] = await Promise.allSettled([good, poisoned]);
    expect(a).toEqual({ status: 'fulfilled', value: { accepted: 1, rejected: [] } });
    expect(b.status).toBe('fulfilled');
    expect(b.status === 'fulfilled' && b.value.rejected.map((r) => r.index)).toEqual([1]);
  });
});
