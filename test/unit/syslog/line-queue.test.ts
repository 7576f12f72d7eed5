import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogRecord } from '../../../src/core/db/repos/logs';
import type { IngestBatch, SubmitOptions } from '../../../src/core/ingest/index';
import { ApiError } from '../../../src/shared/api/errors';
import { LineQueue, type LineQueueOptions } from '../../../src/syslog/line-queue';

const line = (i: number): LogRecord => ({
  timestamp: i, level: 'INFO', service: null, message: `m${i}`, metadata: null, spacecraft_id: null, request_id: null, trace_id: null, span_id: null, source: null, labels: null,
});
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => line(from + i));
const unavailable = () => new ApiError('unavailable', 'storage is full; the batch was not stored, retry later', 30);

/** An ingest double whose answers the test decides, one submit at a time. */
function fakeIngest(answer: (batch: IngestBatch, call: number) => Promise<void> | void) {
  const calls: { batch: IngestBatch; opts: SubmitOptions }[] = [];
  return {
    calls,
    ingest: {
      async submit(batch: IngestBatch, opts: SubmitOptions) {
        calls.push({ batch, opts });
        await answer(batch, calls.length);
        return { accepted: batch.logs.length, rejected: [] };
      },
    },
  };
}

function queue(ingest: LineQueueOptions['ingest'], extra: Partial<LineQueueOptions> = {}) {
  const events = { stored: 0, dropped: [] as [number, string][], retries: [] as number[], progress: 0 };
  const q = new LineQueue({
    ingest,
    protocol: 'syslog-tcp',
    maxBatch: 3,
    retry: { firstDelayMs: 100, maxDelayMs: 400, giveUpAfterMs: 1000 },
    onStored: (n) => (events.stored += n),
    onDropped: (n, reason) => events.dropped.push([n, reason]),
    onRetry: (_e, delay) => events.retries.push(delay),
    onProgress: () => events.progress++,
    ...extra,
  });
  return { q, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LineQueue', () => {
  it('sends batches of at most maxBatch, one at a time, in order, with the protocol', async () => {
    let inFlight = 0;
    let most = 0;
    const f = fakeIngest(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
    });
    const { q, events } = queue(f.ingest);
    q.add(lines(0, 4));
    q.add(lines(4, 4));
    expect(q.pending).toBe(8);
    await q.drained();
    expect(q.pending).toBe(0);
    expect(most).toBe(1);
    expect(f.calls.map((c) => c.batch.logs.map((l) => l.timestamp))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
    expect(f.calls.every((c) => c.opts.protocol === 'syslog-tcp' && c.batch.metrics.length === 0 && c.batch.rejected.length === 0)).toBe(true);
    expect(events).toMatchObject({ stored: 8, dropped: [], progress: 3 });
  });

  it('a 503 keeps the batch and retries it with doubling delays, capped; pending stays until it commits', async () => {
    vi.useFakeTimers();
    const f = fakeIngest((_b, call) => {
      if (call <= 4) throw unavailable();
    });
    const { q, events } = queue(f.ingest);
    q.add(lines(0, 2));
    await vi.advanceTimersByTimeAsync(0);
    expect(q.pending).toBe(2);
    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    expect(q.pending).toBe(2);
    await vi.advanceTimersByTimeAsync(400);
    expect(q.pending).toBe(0);
    expect(events.retries).toEqual([100, 200, 400, 400]);
    expect(events).toMatchObject({ stored: 2, dropped: [] });
    expect(f.calls.map((c) => c.batch.logs)).toEqual(Array(5).fill(lines(0, 2)));
  });

  it('gives up after the retry budget, with everything queued behind; later lines are tried afresh', async () => {
    vi.useFakeTimers();
    let failing = true;
    const f = fakeIngest(() => {
      if (failing) throw unavailable();
    });
    const { q, events } = queue(f.ingest);
    q.add(lines(0, 5));
    await vi.advanceTimersByTimeAsync(1100);
    expect(events.dropped).toEqual([[5, 'storage-unavailable']]);
    expect(q.pending).toBe(0);
    failing = false;
    q.add(lines(5, 2));
    await vi.advanceTimersByTimeAsync(0);
    expect(q.pending).toBe(0);
    expect(events.stored).toBe(2);
  });

  it('any other error drops the batch at once, counted', async () => {
    const f = fakeIngest((_b, call) => {
      if (call === 1) throw new Error('a bug');
    });
    const { q, events } = queue(f.ingest);
    q.add(lines(0, 4));
    await q.drained();
    expect(events).toMatchObject({ stored: 1, dropped: [[3, 'error']] });
  });

  it('close() gives up a batch waiting to retry, and commits the rest once', async () => {
    let failing = true;
    const f = fakeIngest(() => {
      if (failing) throw unavailable();
    });
    const { q, events } = queue(f.ingest, { retry: { firstDelayMs: 60_000, maxDelayMs: 60_000, giveUpAfterMs: 600_000 } });
    q.add(lines(0, 5));
    await new Promise((r) => setTimeout(r, 5));
    expect(events.retries).toEqual([60_000]);
    failing = false;
    q.close();
    await q.drained();
    expect(events).toMatchObject({ stored: 2, dropped: [[3, 'closing']] });
  });

  it('while closing, a 503 is not retried', async () => {
    const f = fakeIngest(() => {
      throw unavailable();
    });
    const { q, events } = queue(f.ingest);
    q.close();
    q.add(lines(0, 4));
    await q.drained();
    expect(events.retries).toEqual([]);
    expect(events.dropped).toEqual([[3, 'closing'], [1, 'closing']]);
  });
});
