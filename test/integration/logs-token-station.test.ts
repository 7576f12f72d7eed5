/**
 * Export on a station that requires a token, through the console's own export code
 * (renderer api/log-export.ts fetchExport) over real HTTP: a plain link could not send the
 * Authorization header, so the console fetches with it, counts lines as they stream and hands
 * the file over at the end; cancel stops the transfer. The live tail, likewise, is read with
 * fetch and the header instead of an EventSource.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { fetchExport, type ExportProgress } from '../../src/renderer/src/api/log-export';
import { openTokenTail, type LogTailMessage } from '../../src/renderer/src/api/log-tail';
import { ApiError } from '../../src/shared/api/errors';
import { postJson, startTestStation, type TestStation } from '../support/station';

const TOKEN = 'export-token-0123456789abcdef';
const LINES = 12_000;
let s: TestStation;

beforeAll(async () => {
  s = await startTestStation({ token: TOKEN });
  const t0 = Date.now() - 60_000;
  const lines = Array.from({ length: LINES }, (_, i) => ({
    timestamp: t0 + i,
    level: i % 3 === 0 ? 'error' : 'info',
    service: 'nav',
    // Commas, quotes and line breaks: the CSV must quote them and the counter must not split on them.
    message: i % 1000 === 0 ? `wheel ${i}, "stalled"\nsecond line` : `wheel ${i} nominal`,
  }));
  for (let i = 0; i < lines.length; i += 5000) {
    const res = await postJson(`${s.url}/logs`, lines.slice(i, i + 5000), { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(202);
  }
});

afterAll(async () => {
  await s?.close();
});

function exporter(token: string | null) {
  const saved: { blob: Blob; name: string }[] = [];
  const start = fetchExport({ getToken: () => token, baseUrl: s.url, save: (blob, name) => saved.push({ blob, name }) });
  return { start, saved };
}

test('a plain request without the token is refused (why the console fetches)', async () => {
  const res = await fetch(`${s.url}/logs/export?format=ndjson`);
  expect(res.status).toBe(401);
});

test('NDJSON with the token: every matching line, counted as it streams', async () => {
  const { start, saved } = exporter(TOKEN);
  const progress: ExportProgress[] = [];
  const outcome = await start({ min_level: 'error', from: 'now-1h' }, 'ndjson', (p) => progress.push(p)).done;
  const expected = Math.ceil(LINES / 3);
  expect(outcome).toMatchObject({ kind: 'saved', lines: expected, path: null });
  expect(saved).toHaveLength(1);
  expect(saved[0]!.name).toMatch(/^logs-.*\.ndjson$/);
  const text = await saved[0]!.blob.text();
  const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { level: string; message: string });
  expect(rows).toHaveLength(expected);
  expect(rows.every((r) => r.level === 'ERROR')).toBe(true);
  expect(outcome.kind === 'saved' && outcome.bytes).toBe(Buffer.byteLength(text));
  // Progress rose in steps (several pages) up to the total the station announced.
  expect(progress.length).toBeGreaterThan(2);
  expect(progress.at(-1)).toMatchObject({ lines: expected, total: expected });
  for (let i = 1; i < progress.length; i++) expect(progress[i]!.lines).toBeGreaterThanOrEqual(progress[i - 1]!.lines);
});

test('CSV with the token: header plus one record per line, multi-line messages counted once', async () => {
  const { start, saved } = exporter(TOKEN);
  const outcome = await start({ q: 'stalled' }, 'csv', () => undefined).done;
  expect(outcome).toMatchObject({ kind: 'saved', lines: LINES / 1000 });
  const text = await saved[0]!.blob.text();
  expect(text.split('\n')[0]).toMatch(/^id,time,timestamp,level/);
  expect(text).toContain('"wheel 0, ""stalled""\nsecond line"');
});

test('a wrong token or a bad query is an ApiError naming the problem, nothing is saved', async () => {
  const wrong = exporter('not-the-token-at-all-000');
  await expect(wrong.start({}, 'ndjson', () => undefined).done).rejects.toMatchObject({ code: 'unauthorized' });
  const bad = exporter(TOKEN);
  const err = await bad.start({ min_level: 'loud' }, 'csv', () => undefined).done.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).message).toContain('min_level');
  expect([...wrong.saved, ...bad.saved]).toHaveLength(0);
});

test('cancel stops the transfer and saves nothing', async () => {
  const { start, saved } = exporter(TOKEN);
  let run: ReturnType<typeof start> | null = null;
  run = start({}, 'ndjson', (p) => {
    if (p.lines > 0) run?.cancel();
  });
  await expect(run.done).resolves.toEqual({ kind: 'cancelled' });
  expect(saved).toHaveLength(0);
});

test('live tail with the token: lines that match arrive; a wrong token closes the stream without retrying', async () => {
  const got: LogTailMessage[] = [];
  const statuses: string[] = [];
  const close = openTokenTail(TOKEN, s.url)({ q: 'tailed', min_level: 'WARN' }, (m) => got.push(m), (st) => statuses.push(st));
  await vi.waitFor(() => expect(statuses).toContain('open'));
  const res = await postJson(`${s.url}/logs`, [
    { level: 'error', message: 'tailed one' },
    { level: 'info', message: 'tailed two' },
    { level: 'warn', message: 'tailed three' },
  ], { authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(202);
  await vi.waitFor(() => expect(got.flatMap((m) => m.lines.map((l) => l.message))).toEqual(['tailed one', 'tailed three']), { timeout: 5000 });
  close();
  await vi.waitFor(() => expect(statuses.at(-1)).toBe('closed'));

  const refused: string[] = [];
  openTokenTail('wrong-token-wrong-token-00', s.url)({}, () => undefined, (st) => refused.push(st));
  await vi.waitFor(() => expect(refused).toEqual(['connecting', 'closed']));
});
