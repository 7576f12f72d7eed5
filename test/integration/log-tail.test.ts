/** GET /logs/tail over real HTTP: matching lines as they are committed, sampled under a flood. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LogEntry } from '../../src/shared/api/schemas/logs';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';

interface TailMessage {
  lines: LogEntry[];
  matched_per_s: number;
  sampled: boolean;
  skipped: number;
}

/** Reads `event: lines` messages off an SSE response. */
class TailReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  ended = false;

  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }

  /** Messages until `done(all)` says enough; false from `done` after the stream ends fails. */
  async until(done: (all: TailMessage[]) => boolean, all: TailMessage[] = []): Promise<TailMessage[]> {
    while (!done(all)) {
      const { value, done: end } = await this.reader.read();
      if (end) {
        this.ended = true;
        break;
      }
      this.buffer += this.decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        if (!block.split('\n').includes('event: lines')) continue;
        const data = block.split('\n').find((l) => l.startsWith('data: '))!;
        all.push(JSON.parse(data.slice(6)) as TailMessage);
      }
    }
    return all;
  }

  /** Resolves when the server ends the stream. */
  async end(): Promise<void> {
    for (;;) {
      const { done } = await this.reader.read();
      if (done) return;
    }
  }
}

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
  await postJson(`${s.url}/logs`, [{ message: 'before the tail: thruster fired', service: 'propulsion' }]);
});
afterAll(async () => {
  await s.close();
});

const lineCount = (all: TailMessage[]) => all.reduce((n, m) => n + m.lines.length, 0);

test('lines posted after connecting arrive once, in order, only the matching ones', async () => {
  const ctrl = new AbortController();
  const res = await fetch(`${s.url}/logs/tail?q=thruster&service=propulsion&from=now-1m`, { signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const tail = new TailReader(res);

  const now = Date.now();
  // An old timestamp too: the tail ignores from/to, a line counts from when it is ingested.
  expect((await postJson(`${s.url}/logs`, [
    { message: 'thruster 1 fired', service: 'propulsion', timestamp: now - 3_600_000 },
    { message: 'thruster 2 fired', service: 'power', timestamp: now },
    { message: 'battery nominal', service: 'propulsion', timestamp: now },
    { message: 'thruster 3 fired', service: 'propulsion', timestamp: now },
  ])).status).toBe(202);
  for (let i = 4; i <= 6; i++) {
    await postJson(`${s.url}/logs`, [{ message: `thruster ${i} fired`, service: 'propulsion' }, { message: `noise ${i}`, service: 'propulsion' }]);
  }
  const all = await tail.until((m) => lineCount(m) >= 5);
  // Anything else still in flight would show up within a couple of coalescing intervals.
  const more = tail.until(() => false);
  await new Promise((r) => setTimeout(r, 800));
  ctrl.abort();
  await more.catch(() => undefined);

  const messages = all.flatMap((m) => m.lines.map((l) => l.message));
  expect(messages).toEqual(['thruster 1 fired', 'thruster 3 fired', 'thruster 4 fired', 'thruster 5 fired', 'thruster 6 fired']);
  const ids = all.flatMap((m) => m.lines.map((l) => l.id));
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  expect(all.every((m) => !m.sampled && m.skipped === 0 && m.matched_per_s > 0)).toBe(true);
});

test('a burst larger than one message is sampled: the newest 500, the rest counted as skipped', async () => {
  const ctrl = new AbortController();
  const res = await fetch(`${s.url}/logs/tail?q=burst`, { signal: ctrl.signal });
  const tail = new TailReader(res);
  const burst = Array.from({ length: 3000 }, (_, i) => ({ message: `burst line ${i}`, service: 'flood' }));
  burst.splice(1500, 0, { message: 'unrelated line', service: 'flood' });
  expect((await postJson(`${s.url}/logs`, burst)).status).toBe(202);
  const [first] = await tail.until((m) => m.length >= 1);
  ctrl.abort();
  expect(first!.sampled).toBe(true);
  expect(first!.lines).toHaveLength(500);
  expect(first!.skipped).toBe(2500);
  expect(first!.lines[0]!.message).toBe('burst line 2500');
  expect(first!.lines[499]!.message).toBe('burst line 2999');
  expect(first!.matched_per_s).toBeGreaterThan(0);
});

test('an unbalanced query is refused with the same 400 as search, before any stream', async () => {
  const res = await fetch(`${s.url}/logs/tail?q=(x`);
  expect(res.status).toBe(400);
  const search = await fetch(`${s.url}/logs/search?q=(x`);
  expect(search.status).toBe(400);
  const [a, b] = [await errorBody(res), await errorBody(search)];
  expect({ code: a.code, message: a.message }).toEqual({ code: b.code, message: b.message });
});

test('the stream ends when the station closes', async () => {
  const own = await startTestStation();
  const res = await fetch(`${own.url}/logs/tail`);
  const tail = new TailReader(res);
  const closed = own.close();
  await expect(tail.end()).resolves.toBeUndefined();
  await closed;
}, 15_000);
