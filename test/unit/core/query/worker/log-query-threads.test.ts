/**
 * The real query threads over a real SQLite file: they answer exactly what the same reads give
 * inline, and the deadline guard stops a scan inside SQLite without changing any answer.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../src/core/db/open';
import { LogsRepo } from '../../../../../src/core/db/repos/logs';
import type { LogFilter } from '../../../../../src/core/query/log-filter';
import { startLogQueryThreads, type LogQueryThreads } from '../../../../../src/core/query/worker/index';
import { inlineLogReads } from '../../../../../src/core/query/worker/log-reads';
import type { LogLevel } from '../../../../../src/shared/api/schemas/logs';
import { tempDir } from '../../../../support/station';
import { logRecord } from '../../fixtures';

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'];
let dir: string;
let db: Database;
let threads: LogQueryThreads;

beforeAll(async () => {
  dir = tempDir('observatory-query-threads-');
  db = openDatabase({ path: join(dir, 'observatory.db') });
  const logs = new LogsRepo(db);
  db.transaction(() => {
    const rows = Array.from({ length: 5000 }, (_, i) =>
      logRecord({
        timestamp: 1_000_000 + i * 10,
        level: LEVELS[i % 5]!,
        service: ['nav', 'power', 'comms'][i % 3]!,
        spacecraft_id: i % 7 === 0 ? null : `sc-${i % 4}`,
        message: `${i % 11 === 0 ? 'thruster valve stuck' : 'telemetry nominal'} frame ${i}`,
        metadata: JSON.stringify({ n: i }),
      }),
    );
    logs.insertBatch(rows, 1);
  })();
  threads = await startLogQueryThreads({ dbPath: join(dir, 'observatory.db'), threads: 2, timeoutMs: 10_000 });
});
afterAll(async () => {
  await threads?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const FILTERS: LogFilter[] = [
  {},
  { q: 'thruster' },
  { q: 'thruster OR frame -nominal', levels: ['ERROR', 'WARN'] },
  { q: 'meta.n>4000 service:nav' },
  { q: 'spacecraft:sc-* -valve', from: 1_010_000, to: 1_030_000 },
];

describe('log query threads', () => {
  it.each(FILTERS)('answers %j exactly as the inline reads do', async (filter) => {
    const inline = inlineLogReads(new LogsRepo(db));
    expect(await threads.reads.search(filter, null, 120)).toEqual(await inline.search(filter, null, 120));
    expect(await threads.reads.search(filter, { timestamp: 1_040_000, id: 4001 }, 50)).toEqual(await inline.search(filter, { timestamp: 1_040_000, id: 4001 }, 50));
    expect(await threads.reads.histogram(filter, 1_000_000, 7_000)).toEqual(await inline.histogram(filter, 1_000_000, 7_000));
    expect(await threads.reads.facets(filter, 5)).toEqual(await inline.facets(filter, 5));
    expect(await threads.reads.countBy('service', filter, 5)).toEqual(await inline.countBy('service', filter, 5));
  });

  it('answers context, and null for a line that does not exist', async () => {
    const inline = inlineLogReads(new LogsRepo(db));
    expect(await threads.reads.context(2500, 'both', 5, 5)).toEqual(await inline.context(2500, 'both', 5, 5));
    expect(await threads.reads.context(1, 'any', 3, 3)).toEqual(await inline.context(1, 'any', 3, 3));
    expect(await threads.reads.context(999_999, 'any', 3, 3)).toBeNull();
  });

  it('passes a bad query back as the same 400 the inline path gives', async () => {
    await expect(threads.reads.search({ q: '(unbalanced' }, null, 10)).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('the deadline guard in SQL', () => {
  it('aborts a statement from inside SQLite once it throws, after about 1 in 1 024 rows visited', () => {
    let calls = 0;
    db.function('test_alive', { deterministic: false, directOnly: true }, () => {
      calls++;
      if (calls > 2) throw new Error('deadline passed');
      return 1;
    });
    const guarded = new LogsRepo(db, undefined, '((l.id & 1023) <> 0 OR test_alive())');
    // Rows 1024, 2048 pass; the call at 3072 throws and the scan stops there.
    expect(() => guarded.histogram({}, 0, 1000)).toThrow('deadline passed');
    expect(calls).toBe(3);
    calls = -1_000_000;
    for (const f of FILTERS) {
      expect(guarded.search(f, null, 100)).toEqual(new LogsRepo(db).search(f, null, 100));
      expect(guarded.facets(f, 5)).toEqual(new LogsRepo(db).facets(f, 5));
    }
  });
});
