/**
 * Queries run on query threads with a time limit: against a real station (SQLite file, real
 * HTTP) with a low limit, an expensive query is stopped with a 422 that says how to narrow it,
 * while ingest and a cheap query keep being answered, and the next query works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogSearchOutput } from '../../src/shared/api/schemas/logs';
import { errorBody, postJson, postNdjsonGzip, startTestStation, type TestStation } from '../support/station';

const LINES = 300_000;
const TIMEOUT_MS = 100;
let s: TestStation;
const now = Date.now();

beforeAll(async () => {
  s = await startTestStation({ core: { queryTimeoutMs: TIMEOUT_MS } });
  // Enough lines that scanning them all with a metadata condition takes well over the limit.
  for (let start = 0; start < LINES; start += 20_000) {
    const lines = Array.from({ length: 20_000 }, (_, k) => {
      const i = start + k;
      return JSON.stringify({
        timestamp: now - 3_000_000 + i * 10,
        level: ['info', 'warn', 'error'][i % 3],
        service: `svc-${i % 5}`,
        request_id: `r-${i}`,
        message: `frame ${i} downlinked nominal`,
        metadata: { n: i, station: `dss-${i % 40}`, note: 'a fairly ordinary note' },
      });
    });
    const res = await postNdjsonGzip(s.url, lines);
    expect(res.status).toBe(202);
  }
}, 120_000);
afterAll(async () => s?.close());

const EXPENSIVE = `/logs/histogram?q=${encodeURIComponent('meta.n>=0 -meta.station:zzz*')}&from=now-2h`;

describe('query time limit', () => {
  it('stops an expensive query with query_too_expensive; ingest and a cheap query are answered meanwhile', async () => {
    const started = performance.now();
    const expensive = fetch(`${s.url}${EXPENSIVE}`).then(async (res) => ({ res, ms: performance.now() - started }));
    const cheap = fetch(`${s.url}/logs/search?request_id=r-123&limit=5`);
    const ingest = postJson(`${s.url}/logs`, { message: 'arrived during an expensive query', request_id: 'during' });

    const { res, ms } = await expensive;
    expect(res.status).toBe(422);
    const body = await errorBody(res);
    expect(body).toMatchObject({ statusCode: 422, code: 'query_too_expensive' });
    expect(body.message).toMatch(/longer than 100 ms/);
    expect(body.message).toMatch(/shorter time range/);
    expect(body.message).toMatch(/service:/);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1500);

    const cheapRes = await cheap;
    expect(cheapRes.status).toBe(200);
    expect(((await cheapRes.json()) as LogSearchOutput).items.map((e) => e.request_id)).toEqual(['r-123']);
    expect((await ingest).status).toBe(202);
  });

  it('answers the next queries, including the line ingested meanwhile', async () => {
    const res = await fetch(`${s.url}/logs/search?q=${encodeURIComponent('request_id:during')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as LogSearchOutput).items.map((e) => e.message)).toEqual(['arrived during an expensive query']);
    const histogram = await fetch(`${s.url}/logs/histogram?from=now-2h&q=${encodeURIComponent('request_id:r-7 OR request_id:r-8')}`);
    expect(histogram.status).toBe(200);
    expect(((await histogram.json()) as { total: number }).total).toBe(2);
  });

  it('the thread stopped the scan itself (no thread replaced), and the station counts it', async () => {
    const res = await fetch(`${s.url}/metrics/system`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { counters: Record<string, Record<string, number>> };
    expect(body.counters.queries).toMatchObject({ cancelled_total: 1, restarts_total: 0, running: 0, queued: 0 });
  });
});
