/**
 * Loki push against a real station over real HTTP: JSON (plain and gzip) and snappy protobuf
 * built here with protobufjs and snappyjs from a .proto text of our own (not the station's
 * descriptor), then what is stored, the status codes and idempotent resends.
 */
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { compress } from 'snappyjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorBody, startTestStation, type TestStation } from '../support/station';
import type { RawLogRow } from '../../src/core/db/repos/logs';

const PUSH_PROTO = `
syntax = "proto3";
package logproto;
message PushRequest { repeated StreamAdapter streams = 1; }
message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
message EntryAdapter { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
message LabelPairAdapter { string name = 1; string value = 2; }
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
`;
const PushRequest = protobuf.parse(PUSH_PROTO).root.lookupType('logproto.PushRequest');

let s: TestStation;
beforeAll(async () => {
  s = await startTestStation();
});
afterAll(async () => s.close());

const URL_PATH = '/loki/api/v1/push';
const T_NS = 1_795_428_000_123_456_789n;
const T_MS = 1_795_428_000_123;

/** A stored line as the table holds it (metadata and labels as JSON text). */
type Row = RawLogRow;

function stored(like: string): Row[] {
  return s.core.db
    .prepare(
      `SELECT timestamp, level, service, message, metadata, spacecraft_id, trace_id, span_id, source, labels
       FROM log_entries WHERE message LIKE ? ORDER BY timestamp, id`,
    )
    .all(like) as Row[];
}

function total(): number {
  return (s.core.db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n;
}

function pushJson(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}${URL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function protobufBody(streams: object[]): Buffer {
  return compress(Buffer.from(PushRequest.encode(PushRequest.fromObject({ streams })).finish()));
}

function pushProto(body: Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}${URL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', ...headers }, body });
}

describe('JSON', () => {
  test('a push is stored with labels mapped to columns; 204 after the commit', async () => {
    const res = await pushJson({
      streams: [
        {
          stream: { service_name: 'adcs', spacecraft: 'sc-7', host: 'gs-2', level: 'warning', env: 'ops', job: 'promtail' },
          values: [
            [String(T_NS), 'json: wheel 2 speed high'],
            [String(T_NS + 5_000_000n), 'json: wheel 2 speed nominal', { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', detected_level: 'info', pass: '42' }],
          ],
        },
        { stream: { app: 'comms' }, values: [[String(T_NS + 1_000_000_000n), 'json: carrier lock']] },
      ],
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(stored('json:%')).toEqual([
      {
        timestamp: T_MS, level: 'WARN', service: 'adcs', message: 'json: wheel 2 speed high', metadata: null, spacecraft_id: 'sc-7',
        trace_id: null, span_id: null, source: 'gs-2', labels: '{"env":"ops","job":"promtail"}',
      },
      {
        timestamp: T_MS + 5, level: 'INFO', service: 'adcs', message: 'json: wheel 2 speed nominal', metadata: '{"pass":"42"}',
        spacecraft_id: 'sc-7', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: null, source: 'gs-2', labels: '{"env":"ops","job":"promtail"}',
      },
      {
        timestamp: T_MS + 1000, level: 'INFO', service: 'comms', message: 'json: carrier lock', metadata: null, spacecraft_id: null,
        trace_id: null, span_id: null, source: null, labels: null,
      },
    ]);
    // Searchable like any other line.
    const found = (await (await fetch(`${s.url}/logs/search?q=${encodeURIComponent('carrier service:comms')}&from=${T_MS - 1}&to=${T_MS + 2000}`)).json()) as { items: { message: string }[] };
    expect(found.items.map((i) => i.message)).toEqual(['json: carrier lock']);
  });

  test('gzip-compressed JSON', async () => {
    const body = gzipSync(JSON.stringify({ streams: [{ stream: { job: 'gz' }, values: [[String(T_NS), 'gzip: compressed line']] }] }));
    const res = await fetch(`${s.url}${URL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
    expect(res.status).toBe(204);
    expect(stored('gzip:%')).toMatchObject([{ service: 'gz', timestamp: T_MS }]);
  });

  test('bad entries are dropped, the rest stored: still 204', async () => {
    const res = await pushJson({ streams: [{ stream: { job: 'p' }, values: [['soon', 'partial: bad ts'], [String(T_NS), 'partial: good'], [String(T_NS), '']] }] });
    expect(res.status).toBe(204);
    expect(stored('partial:%').map((r) => r.message)).toEqual(['partial: good']);
    expect(s.core.ingest.byProtocol.get('loki')?.rejected).toBeGreaterThanOrEqual(2);
  });

  test('nothing storable → 400 naming the entries; nothing stored', async () => {
    const before = total();
    const res = await pushJson({ streams: [{ stream: { job: 'x'.repeat(300) }, values: [[String(T_NS), 'never: a']] }, { stream: {}, values: [[1.5, 'never: b']] }] });
    expect(res.status).toBe(400);
    expect((await errorBody(res)).message).toMatch(/^no entry stored: 2 refused — streams\[0\]: service label: longer than 200 characters; streams\[1\]\.values\[0\]: timestamp/);
    expect(total()).toBe(before);
  });

  test.each<[string, string, Record<string, string>, number]>([
    ['invalid JSON', '{"streams": [', {}, 400],
    ['not a push', '{"lines": []}', {}, 400],
    ['prototype pollution', '{"streams":[],"__proto__":{"x":1}}', {}, 400],
    ['gzip header on plain text', '{"streams":[]}', { 'content-encoding': 'gzip' }, 400],
    ['plain text', 'hello', { 'content-type': 'text/plain' }, 415],
  ])('%s → %i, nothing stored', async (_name, body, headers, status) => {
    const before = total();
    const res = await fetch(`${s.url}${URL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect(res.status).toBe(status);
    expect(await errorBody(res)).toMatchObject({ statusCode: status });
    expect(total()).toBe(before);
  });

  test('an empty push is refused: no Loki client sends one, so it is a malformed body', async () => {
    expect((await pushJson({ streams: [] })).status).toBe(400);
  });
});

describe('snappy protobuf', () => {
  test('a push is stored: selector labels (with escapes), Timestamp → ms, structured metadata', async () => {
    const body = protobufBody([
      {
        labels: '{service_name="eps", spacecraft_id="sc-9", hostname="gs-\\"north\\"", severity="crit", note="a\\\\b\\nc"}',
        entries: [
          { timestamp: { seconds: 1_795_428_000, nanos: 123_456_789 }, line: 'proto: bus undervoltage', structuredMetadata: [{ name: 'span_id', value: '00f067aa0ba902b7' }] },
          { timestamp: { seconds: 1_795_428_001, nanos: 0 }, line: 'proto: bus recovered \u{1F680}', structuredMetadata: [{ name: 'level', value: 'info' }] },
        ],
        hash: 12345,
      },
    ]);
    const res = await pushProto(body);
    expect(res.status).toBe(204);
    expect(stored('proto:%')).toEqual([
      {
        timestamp: T_MS, level: 'CRITICAL', service: 'eps', message: 'proto: bus undervoltage', metadata: null, spacecraft_id: 'sc-9',
        trace_id: null, span_id: '00f067aa0ba902b7', source: 'gs-"north"', labels: '{"note":"a\\\\b\\nc"}',
      },
      {
        timestamp: T_MS - 123 + 1000, level: 'INFO', service: 'eps', message: 'proto: bus recovered \u{1F680}', metadata: null, spacecraft_id: 'sc-9',
        trace_id: null, span_id: null, source: 'gs-"north"', labels: '{"note":"a\\\\b\\nc"}',
      },
    ]);
    expect(JSON.parse(stored('proto: bus under%')[0]!.labels!)).toEqual({ note: 'a\\b\nc' });
  });

  test('Content-Encoding: snappy is accepted as a restatement', async () => {
    const res = await pushProto(protobufBody([{ labels: '{job="enc"}', entries: [{ timestamp: { seconds: 1 }, line: 'encoded: once' }] }]), { 'content-encoding': 'snappy' });
    expect(res.status).toBe(204);
    expect(stored('encoded:%')).toMatchObject([{ service: 'enc', timestamp: 1000 }]);
  });

  test('a stream with a broken selector is refused; the other stream is stored', async () => {
    const res = await pushProto(
      protobufBody([
        { labels: '{job="x"', entries: [{ timestamp: { seconds: 1 }, line: 'selector: refused' }] },
        { labels: '{job="ok"}', entries: [{ timestamp: { seconds: 1 }, line: 'selector: kept' }] },
      ]),
    );
    expect(res.status).toBe(204);
    expect(stored('selector:%').map((r) => r.message)).toEqual(['selector: kept']);
  });

  test.each<[string, () => Buffer, number, RegExp]>([
    ['garbage', () => Buffer.from('not snappy at all'), 400, /not valid snappy/],
    ['snappy, not protobuf', () => compress(Buffer.from([0xff, 0xff, 0xff, 0xff])), 400, /not a logproto\.PushRequest/],
    ['uncompressed protobuf', () => Buffer.from(PushRequest.encode(PushRequest.fromObject({ streams: [{ labels: '{a="b"}' }] })).finish()), 400, /snappy/],
    ['a snappy bomb', () => Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08, 0x00]), 413, /declares 2147483648 bytes/],
    ['only a bad stream', () => protobufBody([{ labels: 'job="x"', entries: [{ timestamp: { seconds: 1 }, line: 'bad: x' }] }]), 400, /^no entry stored: 1 refused — streams\[0\]: labels: expected \{/],
  ])('%s → %i, nothing stored', async (_name, body, status, message) => {
    const before = total();
    const res = await pushProto(body());
    expect(res.status).toBe(status);
    expect((await errorBody(res)).message).toMatch(message);
    expect(total()).toBe(before);
  });
});

describe('idempotency', () => {
  test('a resend with the same Idempotency-Key stores nothing (JSON and protobuf)', async () => {
    const json = { streams: [{ stream: { job: 'idem' }, values: [[String(T_NS), 'idem: json once']] }] };
    const headers = { 'idempotency-key': 'loki-batch-0001' };
    expect((await pushJson(json, headers)).status).toBe(204);
    expect((await pushJson(json, headers)).status).toBe(204);
    expect(stored('idem: json%')).toHaveLength(1);

    const proto = protobufBody([{ labels: '{job="idem"}', entries: [{ timestamp: { seconds: 1 }, line: 'idem: proto once' }] }]);
    const other = { 'x-batch-id': 'loki-batch-0002' };
    expect((await pushProto(proto, other)).status).toBe(204);
    expect((await pushProto(proto, other)).status).toBe(204);
    expect(stored('idem: proto%')).toHaveLength(1);
    expect(s.core.ingest.byProtocol.get('loki')?.duplicates).toBe(2);
  });

  test('a malformed key → 400 before anything is stored', async () => {
    const before = total();
    const res = await pushJson({ streams: [{ stream: {}, values: [[String(T_NS), 'idem: bad key']] }] }, { 'idempotency-key': 'no spaces allowed' });
    expect(res.status).toBe(400);
    expect(total()).toBe(before);
  });
});
