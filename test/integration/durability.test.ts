/**
 * A 2xx means committed: kill -9 the station at a random point (20–80 %) of a 200 000-line
 * ingest from 4 concurrent clients, 20 times. After each restart every acknowledged line is
 * stored, the file passes integrity_check, and once the clients resend what was not
 * acknowledged (same Idempotency-Key) there are exactly 200 000 rows and no duplicates.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { mulberry32 } from '../bench/corpus';
import { tempDir } from '../support/station';
import { spawnStation } from '../support/station-process';

const LINES = 200_000;
const CLIENTS = 4;
const BATCH = 1_000;
const RUNS = Number(process.env.DURABILITY_RUNS ?? 20);
const BATCHES = LINES / BATCH;

function batchBody(b: number): string {
  const lines: string[] = [];
  for (let i = 0; i < BATCH; i++) lines.push(JSON.stringify({ message: `line ${b * BATCH + i}`, request_id: `b${b}`, spacecraft_id: `sc-${b % 7}` }));
  return lines.join('\n');
}
const BODIES = Array.from({ length: BATCHES }, (_, b) => batchBody(b));

async function send(url: string, b: number): Promise<boolean> {
  try {
    const res = await fetch(`${url}/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': `batch-${b}` },
      body: BODIES[b],
    });
    await res.arrayBuffer();
    return res.status === 202;
  } catch {
    return false; // the station died under us: not acknowledged
  }
}

function storedPerBatch(dbPath: string): { perBatch: Map<string, number>; total: number; distinct: number; integrity: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT request_id AS b, count(*) AS n FROM log_entries GROUP BY request_id').all() as { b: string; n: number }[];
    const { total, distinct } = db.prepare('SELECT count(*) AS total, count(DISTINCT message) AS "distinct" FROM log_entries').get() as { total: number; distinct: number };
    return { perBatch: new Map(rows.map((r) => [r.b, r.n])), total, distinct, integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

test(`kill -9 at a random point of a ${LINES}-line ingest, ${RUNS} times: nothing acknowledged is lost, resends are exactly-once`, async () => {
  const rnd = mulberry32(Number(process.env.DURABILITY_SEED ?? Date.now() % 1_000_000));
  for (let run = 0; run < RUNS; run++) {
    const dataDir = tempDir();
    const dbPath = join(dataDir, 'observatory.db');
    const killAt = Math.floor(LINES * (0.2 + 0.6 * rnd()));
    const st = await spawnStation(['--port', '0', '--data-dir', dataDir]);
    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (!killed && next < BATCHES) {
          const b = next++;
          if (await send(st.url, b)) {
            acked.add(b);
            if (!killed && acked.size * BATCH >= killAt) {
              killed = true;
              st.child.kill('SIGKILL');
            }
          }
        }
      }),
    );
    await st.exited;

    const after = storedPerBatch(dbPath);
    expect(after.integrity, `run ${run}`).toBe('ok');
    for (const b of acked) expect(after.perBatch.get(`b${b}`), `run ${run}: acknowledged batch ${b}`).toBe(BATCH);
    // A batch is all or nothing, acknowledged or not.
    for (const [b, n] of after.perBatch) expect(n, `run ${run}: batch ${b} partially stored`).toBe(BATCH);

    // The clients resend everything they have no 2xx for, with the same keys.
    const again = await spawnStation(['--port', '0', '--data-dir', dataDir]);
    const todo = Array.from({ length: BATCHES }, (_, b) => b).filter((b) => !acked.has(b));
    let i = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (i < todo.length) {
          const b = todo[i++]!;
          expect(await send(again.url, b), `run ${run}: resend of batch ${b}`).toBe(true);
        }
      }),
    );
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    const final = storedPerBatch(dbPath);
    expect({ run, total: final.total, distinct: final.distinct, integrity: final.integrity }).toEqual({ run, total: LINES, distinct: LINES, integrity: 'ok' });
  }
}, 600_000);
