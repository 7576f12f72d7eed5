/**
 * 10 000 malformed payloads across every ingest route: random bytes, truncated JSON and
 * protobuf, wrong shapes, naughty strings, deep nesting, huge numbers, __proto__. The station
 * never crashes, never answers 5xx, answers each with a 4xx and a message, and stores nothing.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestStation, type TestStation } from '../support/station';

let s: TestStation;
beforeAll(async () => {
  // No collector samples during the test: every stored row would have come from the fuzz.
  s = await startTestStation({ core: { collectIntervalMs: 3_600_000, alertIntervalMs: 3_600_000 } });
});
afterAll(async () => s.close());

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

interface Route {
  path: string;
  contentTypes: string[];
  /** A valid body of this route, cut short to make truncated payloads. */
  valid: string;
}

const ROUTES: Route[] = [
  { path: '/logs', contentTypes: ['application/json', 'application/x-ndjson'], valid: '[{"message":"x","level":"info","metadata":{"a":[1,2,3]}}]' },
  { path: '/metrics', contentTypes: ['application/json', 'application/x-ndjson'], valid: '[{"name":"bus.voltage","value":28.1,"labels":{"sc":"juno"}}]' },
  { path: '/v1/logs', contentTypes: ['application/json', 'application/x-protobuf'], valid: '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"}}]}]}]}' },
  { path: '/v1/metrics', contentTypes: ['application/json', 'application/x-protobuf'], valid: '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asDouble":1}]}}]}]}]}' },
  { path: '/v1/traces', contentTypes: ['application/json', 'application/x-protobuf'], valid: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"x"}]}]}]}' },
  { path: '/loki/api/v1/push', contentTypes: ['application/json', 'application/x-protobuf'], valid: '{"streams":[{"stream":{"job":"x"},"values":[["1700000000000000000","line"]]}]}' },
  { path: '/api/v1/write', contentTypes: ['application/x-protobuf'], valid: '' },
];

const naughty = fc.constantFrom(
  '', ' ', '\u0000', '\uFEFF', 'null', 'true', '0', '-1', '1e400', '-1e400', '"message"', '[]', '{}', '[[]]', '{"":""}',
  '{"message": null}', '{"message": 1e400}', '{"message": "x", "timestamp": 1e400}', '{"message":"x","level":"constructor"}',
  '{"__proto__":{"polluted":1},"message":"x"}', '{"constructor":{"prototype":{"polluted":1}},"message":"x"}',
  '{"message":"x","metadata":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '['.repeat(100_000), '{"a":'.repeat(10_000),
  '\\', '"\\ud800"', '𝕏'.repeat(1000), '<?xml version="1.0"?><log/>', "'; DROP TABLE log_entries; --", '{"streams":"x"}',
  '{"resourceLogs":[{"scopeLogs":"x"}]}', '{"resourceLogs":7}', '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":7}]}]}]}',
  '{"name":"m","value":"NaN"}', '{"name":"9bad","value":1}', '{"name":"m","value":1,"timestamp":-5}',
);

/** Shapes that are JSON but never a valid item: nothing in them may be stored. */
const wrongShape = fc.oneof(
  fc.array(fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 5 }).map((a) => JSON.stringify(a)),
  fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => !['message', 'name', 'value'].includes(k)), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }).map((o) =>
    JSON.stringify({ ...o, message: undefined, name: undefined }),
  ),
  fc.record({ message: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.array(fc.string())) }).map((o) => JSON.stringify(o)),
  fc.record({ message: fc.string({ minLength: 1 }), level: fc.string().filter((l) => !/^(trace|debug|dbg|verbose|info|information|informational|notice|inf|warn|warning|wrn|error|err|eror|critical|crit|fatal|alert|emerg|emergency|panic)$/i.test(l.trim())) }).map((o) => JSON.stringify(o)),
);

const payload = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((b) => Buffer.from(b)),
  fc.tuple(fc.constantFrom(...ROUTES.map((r) => r.valid).filter(Boolean)), fc.double({ min: 0.05, max: 0.95, noNaN: true })).map(([v, f]) => Buffer.from(v.slice(0, Math.max(1, Math.floor(v.length * f))))),
  naughty.map((t) => Buffer.from(t)),
  wrongShape.map((t) => Buffer.from(t)),
  fc.string({ unit: 'binary', maxLength: 300 }).map((t) => Buffer.from(t)),
);

async function stored(): Promise<number> {
  const n = (sql: string) => (s.core.db.prepare(sql).get() as { n: number }).n;
  return n('SELECT count(*) AS n FROM log_entries') + n('SELECT count(*) AS n FROM system_metrics') + n('SELECT count(*) AS n FROM spans');
}

test(`${RUNS} malformed payloads across every ingest route: only 4xx with a message, nothing stored, no crash`, async () => {
  const statuses = new Map<number, number>();
  const accepted2xx: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.nat(ROUTES.length - 1), fc.nat(3), fc.boolean(), payload, async (r, ct, gzip, body) => {
      const route = ROUTES[r]!;
      const contentType = route.contentTypes[ct % route.contentTypes.length]!;
      const headers: Record<string, string> = { 'content-type': contentType };
      if (route.path === '/api/v1/write' || (route.path.startsWith('/loki') && contentType.includes('protobuf'))) headers['content-encoding'] = 'snappy';
      else if (gzip) headers['content-encoding'] = 'gzip';
      const data = headers['content-encoding'] === 'gzip' ? gzipSync(body) : body;
      const res = await fetch(`${s.url}${route.path}`, { method: 'POST', headers, body: data });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${route.path} ${contentType}`).toBeLessThan(500);
      if (res.status >= 400) {
        // Our error shape (JSON routes) or the protocol's own (protobuf Status for OTLP): a message either way.
        expect(text.length, `${route.path}: an error without a message`).toBeGreaterThan(0);
      } else {
        // A protobuf body of random bytes can decode as an empty, valid request; it must store nothing.
        accepted2xx.push(`${route.path} ${contentType} ${res.status}`);
      }
    }),
    { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
  );
  console.log(`fuzz answers: ${JSON.stringify(Object.fromEntries(statuses))}; 2xx (empty decodes) ${accepted2xx.length}`);
  expect(await stored()).toBe(0);
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  expect(accepted2xx.filter((a) => !a.includes("protobuf"))).toEqual([]);
}, 300_000);
