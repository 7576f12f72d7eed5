/**
 * The log query language over real HTTP against a brute-force oracle: random lines, random
 * queries generated as trees (rendered to text), and the ids GET /logs/search returns compared
 * with the same tree evaluated in JS, written here from the language definition (README in
 * src/core/query). FTS5 unicode61 tokenising: runs of letters/digits, case-folded, diacritics removed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LogSearchOutput } from '../../src/shared/api/schemas/logs';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';
import { prng } from '../unit/core/fixtures';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const;
const WORDS = ['thruster', 'valve', 'nominal', 'thermal', 'thermistor', 'bus', 'pressure', 'café', 'Überlast', 'naïve', 'reaction', 'wheel', 'stall', 'pass', 'A7'];
const SERVICES = ['nav', 'power', 'thermal', 'comms', null];
const CRAFT = ['voyager-1', 'voyager-2', 'juno', 'cassini', null];

interface Line {
  i: number;
  level: (typeof LEVELS)[number];
  service: string | null;
  spacecraft_id: string | null;
  message: string;
  metadata: Record<string, unknown> | null;
}

type Q =
  | { k: 'word'; text: string; prefix: boolean }
  | { k: 'phrase'; words: string[] }
  | { k: 'level'; op: string; level: number }
  | { k: 'col'; col: 'service' | 'spacecraft_id'; name: string; value: string | null; prefix: boolean }
  | { k: 'meta'; key: string; op: string; value: number | string; quoted: boolean }
  | { k: 'exists'; name: string; meta: boolean }
  | { k: 'not'; c: Q; style: '-' | 'NOT ' }
  | { k: 'and' | 'or'; cs: Q[] };

const rand = prng(0x5ea7c4);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

function makeLine(i: number): Line {
  const words = Array.from({ length: 2 + int(5) }, () => pick(WORDS));
  const metadata: Record<string, unknown> | null = rand() < 0.15 ? null : {};
  if (metadata) {
    if (rand() < 0.8) metadata.pass = int(100);
    if (rand() < 0.2) metadata.pass = String(int(100)); // text that looks like a number
    if (rand() < 0.7) metadata.duration_ms = rand() < 0.8 ? int(500) : Math.round(rand() * 5000) / 10;
    if (rand() < 0.5) metadata.sensor = pick(['bus A', 'bus B', 'bus B2']);
    if (rand() < 0.3) metadata.ok = rand() < 0.5;
  }
  return { i, level: pick(LEVELS), service: pick(SERVICES), spacecraft_id: pick(CRAFT), message: `${words.join(' ')} seq ${i}`, metadata };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const tokens = (s: string): string[] => fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];

function phraseIn(msg: string[], phrase: string[], prefix: boolean): boolean {
  if (phrase.length === 0) return false;
  for (let s = 0; s + phrase.length <= msg.length; s++) {
    if (phrase.every((t, j) => (prefix && j === phrase.length - 1 ? (msg[s + j] as string).startsWith(t) : msg[s + j] === t))) return true;
  }
  return false;
}

const CMP: Record<string, (a: number | string, b: number | string) => boolean> = {
  ':': (a, b) => a === b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '<': (a, b) => a < b, '<=': (a, b) => a <= b,
};

function evaluate(q: Q, line: Line, msg: string[]): boolean {
  switch (q.k) {
    case 'word':
      return phraseIn(msg, tokens(q.text), q.prefix);
    case 'phrase':
      return phraseIn(msg, tokens(q.words.join(' ')), false);
    case 'level': {
      const have = LEVELS.indexOf(line.level);
      return (CMP[q.op] as (a: number, b: number) => boolean)(have, q.level);
    }
    case 'col': {
      const v = line[q.col];
      if (v === null) return false;
      return q.prefix ? v.startsWith(q.value as string) : v === q.value;
    }
    case 'exists':
      if (q.meta) return line.metadata !== null && Object.hasOwn(line.metadata, q.name);
      return line[q.name as 'service' | 'spacecraft_id'] !== null;
    case 'meta': {
      const v = line.metadata?.[q.key];
      const cmp = CMP[q.op] as (a: number | string, b: number | string) => boolean;
      if (typeof q.value === 'number') {
        // Numbers compare as numbers; `:` also matches the same text.
        return (typeof v === 'number' && cmp(v, q.value)) || (q.op === ':' && typeof v === 'string' && v === String(q.value));
      }
      return typeof v === 'string' && cmp(v, q.value);
    }
    case 'not':
      return !evaluate(q.c, line, msg);
    case 'and':
      return q.cs.every((c) => evaluate(c, line, msg));
    case 'or':
      return q.cs.some((c) => evaluate(c, line, msg));
  }
}

function render(q: Q): string {
  switch (q.k) {
    case 'word':
      return q.prefix ? `${q.text}*` : q.text;
    case 'phrase':
      return `"${q.words.join(' ')}"`;
    case 'level':
      return `level${q.op}${pick([LEVELS[q.level] as string, (LEVELS[q.level] as string).toLowerCase()])}`;
    case 'col':
      return `${q.name}:${q.value}${q.prefix ? '*' : ''}`;
    case 'exists':
      return `${q.meta ? 'meta.' : ''}${q.name}:*`;
    case 'meta':
      return `meta.${q.key}${q.op}${q.quoted ? `"${q.value}"` : q.value}`;
    case 'not':
      return `${q.style}${q.c.k === 'and' || q.c.k === 'or' ? `(${render(q.c)})` : render(q.c)}`;
    case 'and':
      return q.cs.map((c) => (c.k === 'or' ? `(${render(c)})` : render(c))).join(' ');
    case 'or':
      return q.cs.map(render).join(' OR ');
  }
}

function leaf(): Q {
  switch (int(9)) {
    case 0:
    case 1: {
      const w = pick(WORDS);
      return rand() < 0.25 && w.length > 4 ? { k: 'word', text: w.slice(0, 3 + int(w.length - 3)), prefix: true } : { k: 'word', text: rand() < 0.2 ? w.toUpperCase() : w, prefix: false };
    }
    case 2:
      return { k: 'phrase', words: [pick(WORDS), pick(WORDS)] };
    case 3:
      return { k: 'level', op: pick([':', '>', '>=', '<', '<=']), level: int(5) };
    case 4: {
      const craft = rand() < 0.5;
      if (craft && rand() < 0.4) return { k: 'col', col: 'spacecraft_id', name: 'spacecraft', value: pick(['voyager-', 'voy', 'ju']), prefix: true };
      return craft
        ? { k: 'col', col: 'spacecraft_id', name: pick(['spacecraft', 'spacecraft_id']), value: pick(CRAFT.filter(Boolean)) as string, prefix: false }
        : { k: 'col', col: 'service', name: 'service', value: pick(SERVICES.filter(Boolean)) as string, prefix: false };
    }
    case 5:
      return rand() < 0.5 ? { k: 'exists', name: pick(['service', 'spacecraft_id']), meta: false } : { k: 'exists', name: pick(['pass', 'ok', 'sensor', 'nope']), meta: true };
    case 6:
      return { k: 'meta', key: pick(['pass', 'duration_ms']), op: pick([':', '>', '>=', '<', '<=']), value: int(100) * (rand() < 0.5 ? 5 : 1), quoted: false };
    case 7:
      return { k: 'meta', key: 'sensor', op: ':', value: pick(['bus A', 'bus B', 'bus C']), quoted: true };
    default:
      return { k: 'word', text: pick(WORDS), prefix: false };
  }
}

function query(depth: number): Q {
  const r = rand();
  if (depth >= 3 || r < 0.35) return leaf();
  if (r < 0.5) return { k: 'not', c: query(depth + 1), style: pick(['-', 'NOT '] as const) };
  return { k: r < 0.75 ? 'and' : 'or', cs: Array.from({ length: 2 + int(2) }, () => query(depth + 1)) };
}

let s: TestStation;
const lines = Array.from({ length: 2000 }, (_, i) => makeLine(i));
const T0 = Date.parse('2026-11-01T00:00:00Z');

beforeAll(async () => {
  s = await startTestStation();
  const body = lines.map((l) => ({ timestamp: T0 + l.i * 1000, level: l.level, service: l.service ?? undefined, spacecraft_id: l.spacecraft_id ?? undefined, message: l.message, metadata: l.metadata ?? undefined, request_id: `line-${l.i}` }));
  const res = await postJson(`${s.url}/logs`, body);
  expect(await res.json()).toEqual({ accepted: 2000, rejected: [] });
});
afterAll(async () => s.close());

async function searchAll(q: string): Promise<{ lines: number[]; hints: LogSearchOutput['hints'] }> {
  const found: number[] = [];
  let cursor: string | null = null;
  let hints: LogSearchOutput['hints'];
  do {
    const params = new URLSearchParams({ q, limit: '1000', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${s.url}/logs/search?${params}`);
    expect(res.status, `${q}: ${await res.clone().text()}`).toBe(200);
    const out = (await res.json()) as LogSearchOutput;
    hints ??= out.hints;
    found.push(...out.items.map((it) => Number((it.request_id as string).slice('line-'.length))));
    cursor = out.next_cursor;
  } while (cursor);
  return { lines: found.sort((a, b) => a - b), hints };
}

describe('search correctness against a brute-force evaluation', () => {
  test('200 random queries return exactly the lines the language says they should', async () => {
    const msgTokens = lines.map((l) => tokens(l.message));
    const mismatches: string[] = [];
    let nonEmpty = 0;
    for (let n = 0; n < 200; n++) {
      const tree = query(0);
      const q = render(tree);
      const expected = lines.filter((l) => evaluate(tree, l, msgTokens[l.i] as string[])).map((l) => l.i);
      const got = await searchAll(q);
      if (expected.length > 0 && expected.length < lines.length) nonEmpty++;
      if (JSON.stringify(got.lines) !== JSON.stringify(expected)) {
        mismatches.push(`${q} → got ${got.lines.length}, expected ${expected.length}`);
      }
      expect(got.hints, q).toBeUndefined();
    }
    expect(mismatches).toEqual([]);
    // The generator must produce discriminating queries, not only "everything" and "nothing".
    expect(nonEmpty).toBeGreaterThan(100);
  });

  test.each<[string, (l: Line) => boolean]>([
    ['(thruster OR valve) -nominal level>=warn', (l) => /\b(thruster|valve)\b/.test(l.message) && !/\bnominal\b/.test(l.message) && LEVELS.indexOf(l.level) >= 2],
    ['service:nav OR level:error', (l) => l.service === 'nav' || l.level === 'ERROR'],
    ['thruster OR service:nav', (l) => /\bthruster\b/.test(l.message) || l.service === 'nav'],
    ['meta.duration_ms>250', (l) => typeof l.metadata?.duration_ms === 'number' && l.metadata.duration_ms > 250],
    ['meta.sensor:"bus B"', (l) => l.metadata?.sensor === 'bus B'],
    ['-meta.pass:*', (l) => !(l.metadata && 'pass' in l.metadata)],
    ['spacecraft:voyager-* cafe', (l) => (l.spacecraft_id ?? '').startsWith('voyager-') && tokens(l.message).includes('cafe')],
  ])('%s', async (q, oracle) => {
    expect((await searchAll(q)).lines).toEqual(lines.filter(oracle).map((l) => l.i));
  });
});

describe('errors and hints', () => {
  test.each([
    ['(thruster', 0],
    ['valve (thruster OR', 6],
    ['thruster)', 8],
  ])('%j → 400 naming the position', async (q, position) => {
    const res = await fetch(`${s.url}/logs/search?${new URLSearchParams({ q })}`);
    expect(res.status).toBe(400);
    const body = await errorBody(res);
    expect(body.code).toBe('bad_request');
    expect(body.message).toBe(`q: unbalanced parenthesis at position ${position}`);
  });

  test('level:loud is searched as text, with a hint naming the position', async () => {
    const out = await searchAll('thruster level:loud');
    expect(out.lines).toEqual([]);
    expect(out.hints).toEqual([{ position: 9, message: 'level:loud: "loud" is not a level (debug, info, warn, error, critical); searched as text' }]);
  });

  test('a dangling OR is ignored with a hint; a plain query has no hints field', async () => {
    const dangling = await searchAll('thruster OR');
    expect(dangling.hints).toEqual([{ position: 9, message: 'OR needs a term on each side: ignored' }]);
    expect(dangling.lines).toEqual((await searchAll('thruster')).lines);
    expect((await searchAll('thruster')).hints).toBeUndefined();
  });
});

describe('parsing at ingest', () => {
  test('logfmt and JSON messages become searchable metadata', async () => {
    const t = await startTestStation();
    try {
      const res = await fetch(`${t.url}/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: [
          JSON.stringify({ message: 'op=downlink duration_ms=312 station=gs-madrid' }),
          JSON.stringify({ message: 'op=downlink duration_ms=120 station=gs-canberra' }),
          JSON.stringify({ message: '{"op":"uplink","duration_ms":900}' }),
          JSON.stringify({ message: 'plain text, duration 999 ms' }),
        ].join('\n'),
      });
      expect(res.status).toBe(202);
      const found = (await (await fetch(`${t.url}/logs/search?${new URLSearchParams({ q: 'meta.duration_ms>250' })}`)).json()) as { items: { message: string; metadata: Record<string, unknown> }[] };
      expect(found.items.map((i) => i.message).sort()).toEqual(['op=downlink duration_ms=312 station=gs-madrid', '{"op":"uplink","duration_ms":900}']);
      expect(found.items.find((i) => i.message.startsWith('op='))!.metadata).toEqual({ op: 'downlink', duration_ms: 312, station: 'gs-madrid' });
    } finally {
      await t.close();
    }
  });
});
