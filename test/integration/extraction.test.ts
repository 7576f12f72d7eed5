/**
 * Extraction rules on a real station over HTTP: a rule saved over the API fills fields of
 * lines ingested over HTTP (typed, so meta.x>… finds them), a change applies to the next
 * request without a restart, bad patterns are 400s naming the position, and the tester gives
 * the answers ingest stores.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';

let s: TestStation;

interface Rule {
  id: number;
  name: string;
  service: string;
  kind: string;
  pattern: string;
  enabled: boolean;
  order: number;
  stats: { matched: number; errors: number; last_error: string | null; suspended: string | null };
}
interface Line {
  message: string;
  level: string;
  metadata: Record<string, unknown> | null;
}

const search = async (q: string, service?: string): Promise<Line[]> => {
  const qs = new URLSearchParams({ q, from: 'now-1h', limit: '100', ...(service ? { service } : {}) });
  const res = await fetch(`${s.url}/logs/search?${qs}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Line[] }).items;
};
const saveRule = async (body: Record<string, unknown>) => postJson(`${s.url}/extraction/rules`, body);
const ingest = async (lines: Record<string, unknown>[]) => expect((await postJson(`${s.url}/logs`, lines)).status).toBe(202);

beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s?.close());

test('a rule saved over HTTP fills typed fields of lines ingested over HTTP, and meta.x>… finds them', async () => {
  const res = await saveRule({
    name: 'downlink passes',
    service: 'comms*',
    kind: 'grok',
    pattern: '^%{LOGLEVEL:level} pass %{INT:pass:int} to %{HOSTNAME:station} snr=%{NUMBER:snr_db:float} took %{INT:duration_ms:int}ms',
  });
  expect(res.status).toBe(200);
  const rule = (await res.json()) as Rule;
  expect(rule).toMatchObject({ name: 'downlink passes', service: 'comms*', enabled: true, order: 0 });

  await ingest([
    { service: 'comms-a', message: 'ERROR pass 41 to gs-1 snr=3.5 took 312ms' },
    { service: 'comms-b', message: 'warn pass 42 to gs-2 snr=12.25 took 120ms', metadata: { station: 'sender-said' } },
    { service: 'comms-a', level: 'CRITICAL', message: 'ERROR pass 43 to gs-3 snr=1 took 999ms' },
    { service: 'nav', message: 'ERROR pass 44 to gs-4 snr=1 took 999ms' },
    { service: 'comms-a', message: 'no pass today' },
  ]);

  const slow = await search('meta.duration_ms>250');
  expect(slow.map((l) => l.message).sort()).toEqual(['ERROR pass 41 to gs-1 snr=3.5 took 312ms', 'ERROR pass 43 to gs-3 snr=1 took 999ms']);
  const first = slow.find((l) => l.message.includes('pass 41'));
  expect(first?.metadata).toEqual({ pass: 41, station: 'gs-1', snr_db: 3.5, duration_ms: 312 });
  // The captured level replaced the default; a level the sender gave is kept.
  expect(first?.level).toBe('ERROR');
  expect(slow.find((l) => l.message.includes('pass 43'))?.level).toBe('CRITICAL');

  const [second] = await search('meta.snr_db>=12');
  expect(second?.metadata).toMatchObject({ station: 'sender-said', pass: 42 });
  expect(second?.level).toBe('WARN');
  expect(await search('meta.pass:44')).toEqual([]); // service nav is not comms*

  const listed = (await (await fetch(`${s.url}/extraction/rules`)).json()) as { items: Rule[] };
  expect(listed.items.find((r) => r.id === rule.id)?.stats.matched).toBe(3);
});

test('a change to a rule applies to the next request without a restart; deleting it stops it', async () => {
  const created = (await (await saveRule({ name: 'wheels', service: 'adcs', kind: 'regex', pattern: 'wheel (?<wheel__int>\\d+)' })).json()) as Rule;
  await ingest([{ service: 'adcs', message: 'wheel 1 rpm 1500 (first)' }]);
  expect((await search('first', 'adcs'))[0]?.metadata).toEqual({ wheel: 1 });

  const updated = await saveRule({ id: created.id, name: 'wheels', service: 'adcs', kind: 'regex', pattern: 'wheel (?<wheel__int>\\d+) rpm (?<rpm__int>\\d+)' });
  expect(updated.status).toBe(200);
  await ingest([{ service: 'adcs', message: 'wheel 2 rpm 1600 (second)' }]);
  expect((await search('second', 'adcs'))[0]?.metadata).toEqual({ wheel: 2, rpm: 1600 });
  expect((await search('meta.rpm>1550')).map((l) => l.message)).toEqual(['wheel 2 rpm 1600 (second)']);

  await saveRule({ id: created.id, name: 'wheels', service: 'adcs', kind: 'regex', pattern: 'wheel (?<wheel__int>\\d+)', enabled: false });
  await ingest([{ service: 'adcs', message: 'wheel 3 rpm 1700 (third)' }]);
  expect((await search('third', 'adcs'))[0]?.metadata).toBeNull();

  const del = await postJson(`${s.url}/extraction/rules/${created.id}/delete`, {});
  expect(await del.json()).toEqual({ deleted: true });
  const listed = (await (await fetch(`${s.url}/extraction/rules`)).json()) as { items: Rule[] };
  expect(listed.items.some((r) => r.id === created.id)).toBe(false);
});

test('bad patterns and fields are 400s naming the field and the position; nothing is saved', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ name: 'x', kind: 'grok', pattern: 'a %{NOPE:x}' }, /^pattern: unknown grok pattern %\{NOPE\}.* at position 2$/],
    [{ name: 'x', kind: 'regex', pattern: '(?<a>\\d+' }, /^pattern: \( is never closed at position 0$/],
    [{ name: 'x', kind: 'regex', pattern: '^(?<a>(?:\\w+\\s?)+)$' }, /^pattern: .*exponential.* at position 16$/],
    [{ name: 'x', kind: 'regex', pattern: '\\d+' }, /^pattern: captures no field/],
    [{ name: 'x', kind: 'sed', pattern: 's/a/b/' }, /kind/],
    [{ name: '', kind: 'grok', pattern: '%{INT:a}' }, /name/],
    [{ name: 'x', kind: 'grok' }, /pattern/],
  ];
  for (const [body, message] of cases) {
    const res = await saveRule(body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect((await errorBody(res)).message).toMatch(message);
  }
  const listed = (await (await fetch(`${s.url}/extraction/rules`)).json()) as { items: Rule[] };
  expect(listed.items.some((r) => r.name === 'x')).toBe(false);

  // Unknown id: 404; a second rule with a taken name: 409.
  expect((await saveRule({ id: 99_999, name: 'ghost', kind: 'grok', pattern: '%{INT:a}' })).status).toBe(404);
  expect((await saveRule({ name: 'dup', kind: 'grok', pattern: '%{INT:a}' })).status).toBe(200);
  expect((await saveRule({ name: 'dup', kind: 'grok', pattern: '%{INT:b}' })).status).toBe(409);
});

test('the tester answers per line with what ingest would store, and a draft\'s error as data', async () => {
  const res = await postJson(`${s.url}/extraction/test`, {
    rule: { kind: 'grok', pattern: '^%{LOGLEVEL:level} temp=%{NUMBER:temp_c:float}' },
    lines: ['WARN temp=41.5 bus A', 'nothing here', 'err temp=x'],
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    error: null,
    results: [
      { matched: true, fields: { temp_c: 41.5 }, level: 'WARN', spans: [{ field: 'level', start: 0, end: 4 }, { field: 'temp_c', start: 10, end: 14 }], error: null },
      { matched: false, fields: {}, level: null, spans: [], error: null },
      { matched: false, fields: {}, level: null, spans: [], error: null },
    ],
  });

  const bad = await postJson(`${s.url}/extraction/test`, { rule: { kind: 'grok', pattern: 'x %{BOGUS:y}' }, lines: ['x'] });
  expect(bad.status).toBe(200);
  expect(await bad.json()).toMatchObject({ error: { position: 2, message: expect.stringMatching(/unknown grok pattern/) }, results: [] });

  // The tester refuses oversized input like any other request.
  const tooMany = await postJson(`${s.url}/extraction/test`, { rule: { kind: 'grok', pattern: '%{INT:a}' }, lines: Array.from({ length: 201 }, () => '1') });
  expect(tooMany.status).toBe(400);
});

test('rules apply to every ingest protocol: a Loki push gets the first test\'s comms* rule', async () => {
  const ns = `${BigInt(Date.now()) * 1_000_000n}`;
  const res = await postJson(`${s.url}/loki/api/v1/push`, {
    streams: [{ stream: { service_name: 'comms-loki' }, values: [[ns, 'ERROR pass 77 to gs-9 snr=2 took 777ms']] }],
  });
  expect(res.status).toBe(204);
  const [line] = await search('meta.pass:77');
  expect(line?.metadata).toMatchObject({ pass: 77, duration_ms: 777, station: 'gs-9' });
  expect(line?.level).toBe('ERROR');
});

test('a draft too slow for ingest is reported by the tester after one line, not run over all of them', async () => {
  // Nested bounded repetition: not refused by the scan and beyond V8's linear engine — seconds per line.
  const started = performance.now();
  const res = await postJson(`${s.url}/extraction/test`, {
    rule: { kind: 'regex', pattern: '^(?<x>(?:[a-z]{0,40}a){2,5})$' },
    lines: Array.from({ length: 50 }, () => `${'a'.repeat(8000)}b`),
  });
  const body = (await res.json()) as { results: { error: string | null }[] };
  expect(body.results[0]?.error).toMatch(/ms on this line \(limit 50 ms\): ingest would suspend the rule/);
  expect(body.results.slice(1).every((r) => r.error === 'not tested: an earlier line was too slow')).toBe(true);
  expect(performance.now() - started).toBeLessThan(15_000);
});

test('at ingest, such a rule is suspended after one slow line; the line and the lines after it are stored', async () => {
  const saved = (await (await saveRule({ name: 'slow', service: 'slow-svc', kind: 'regex', pattern: '^(?<x>(?:[a-z]{0,40}a){2,5})$' })).json()) as Rule;
  await ingest([{ service: 'slow-svc', message: `${'a'.repeat(8000)}b` }, { service: 'slow-svc', message: 'aa second slow-svc line' }]);
  const stored = await search('', 'slow-svc');
  expect(stored).toHaveLength(2);
  const listed = (await (await fetch(`${s.url}/extraction/rules`)).json()) as { items: Rule[] };
  expect(listed.items.find((r) => r.id === saved.id)?.stats.suspended).toMatch(/took \d+ ms \(limit 50 ms\)/);
});
