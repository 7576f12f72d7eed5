import { describe, expect, test } from 'vitest';
import { levelFor, levelForSeverityNumber, parseOtlpLogs } from '../../../../../src/core/ingest/formats/otlp/logs';
import { OtlpTypes } from '../../../../../src/core/ingest/formats/otlp/proto';
import { ApiError } from '../../../../../src/shared/api/errors';

const NOW = 1_800_000_000_000;
const NS = '1767225600123456789';
const MS = 1_767_225_600_123;

function protobufBody(value: object): Buffer {
  const type = OtlpTypes.ExportLogsServiceRequest;
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

function jsonBody(value: object): Buffer {
  return Buffer.from(JSON.stringify(value));
}

const RESOURCE = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'telemetry' } },
    { key: 'spacecraft.id', value: { stringValue: 'SC-1' } },
    { key: 'host.name', value: { stringValue: 'gs-1' } },
  ],
};

function request(records: object[], resource: object = RESOURCE, scope: object = { name: 'fsw', version: '1.2' }) {
  return { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: records }] }] };
}

describe('severity → level', () => {
  test('numbers: four per level, TRACE folded into DEBUG and FATAL into CRITICAL', () => {
    const levels = Array.from({ length: 24 }, (_, i) => levelForSeverityNumber(i + 1));
    expect(levels).toEqual([
      ...Array(8).fill('DEBUG'),
      ...Array(4).fill('INFO'),
      ...Array(4).fill('WARN'),
      ...Array(4).fill('ERROR'),
      ...Array(4).fill('CRITICAL'),
    ]);
    expect(levelForSeverityNumber(0)).toBeNull();
    expect(levelForSeverityNumber(25)).toBeNull();
  });

  test('without a number the text decides (through our aliases), else INFO', () => {
    expect(levelFor(0, 'warning')).toBe('WARN');
    expect(levelFor(0, 'Fatal')).toBe('CRITICAL');
    expect(levelFor(undefined, 'err')).toBe('ERROR');
    expect(levelFor(0, 'chatty')).toBe('INFO');
    expect(levelFor(0, '')).toBe('INFO');
    expect(levelFor(17, 'INFO')).toBe('ERROR'); // the number wins
    expect(levelFor(99, 'debug')).toBe('DEBUG'); // an out-of-range number counts as none
  });
});

describe('parseOtlpLogs', () => {
  const record = {
    timeUnixNano: NS,
    severityNumber: 13,
    severityText: 'WARN',
    body: { stringValue: 'battery low' },
    attributes: [{ key: 'cell', value: { intValue: 3 } }],
    traceId: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex'),
    spanId: Buffer.from('00f067aa0ba902b7', 'hex'),
  };
  const jsonRecord = { ...record, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', severityNumber: 'SEVERITY_NUMBER_WARN' };
  const expected = {
    timestamp: MS,
    level: 'WARN',
    service: 'telemetry',
    message: 'battery low',
    spacecraft_id: 'SC-1',
    request_id: null,
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
    source: 'gs-1',
    labels: null,
  };

  test('protobuf and JSON bodies of the same request store the same line', () => {
    const fromProtobuf = parseOtlpLogs(protobufBody(request([record])), 'protobuf', NOW);
    const fromJson = parseOtlpLogs(jsonBody(request([jsonRecord])), 'json', NOW);
    expect(fromProtobuf.rejected).toEqual([]);
    expect(fromProtobuf.logs).toEqual([expect.objectContaining(expected)]);
    expect(fromJson).toEqual(fromProtobuf);
    expect(JSON.parse(fromProtobuf.logs[0]!.metadata!)).toEqual({
      cell: 3,
      'otel.scope.name': 'fsw',
      'otel.scope.version': '1.2',
      'otel.severity_text': 'WARN',
      'otel.severity_number': 13,
      'otel.resource': { 'service.name': 'telemetry', 'spacecraft.id': 'SC-1', 'host.name': 'gs-1' },
    });
  });

  test('time: timeUnixNano, else observedTimeUnixNano, else the time of receipt', () => {
    const batch = parseOtlpLogs(
      protobufBody(request([{ timeUnixNano: NS, observedTimeUnixNano: '1767225601000000000' }, { observedTimeUnixNano: '1767225601000000000' }, {}])),
      'protobuf',
      NOW,
    );
    expect(batch.logs.map((l) => l.timestamp)).toEqual([MS, 1_767_225_601_000, NOW]);
  });

  test('body: strings as sent, other values as JSON, none → the event name or empty', () => {
    const batch = parseOtlpLogs(
      jsonBody(
        request([
          { body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'docked' } }] } } },
          { body: { intValue: '12' } },
          { body: { boolValue: true } },
          { eventName: 'device.app.lifecycle' },
          {},
        ]),
      ),
      'json',
      NOW,
    );
    expect(batch.logs.map((l) => l.message)).toEqual(['{"event":"docked"}', '12', 'true', 'device.app.lifecycle', '']);
    expect(JSON.parse(batch.logs[3]!.metadata!)).toMatchObject({ 'otel.event_name': 'device.app.lifecycle' });
  });

  test('a bad record is rejected by its position across resources and scopes; the rest are kept', () => {
    const body = {
      resourceLogs: [
        { resource: RESOURCE, scopeLogs: [{ logRecords: [{ body: { stringValue: 'a' } }] }, { logRecords: [{ traceId: Buffer.from([1]) }] }] },
        { scopeLogs: [{ logRecords: [{ body: { stringValue: 'x'.repeat(70_000) } }, { body: { stringValue: 'b' } }] }] },
      ],
    };
    const batch = parseOtlpLogs(protobufBody(body), 'protobuf', NOW);
    expect(batch.logs.map((l) => l.message)).toEqual(['a', 'b']);
    expect(batch.rejected).toEqual([
      { index: 1, error: 'traceId: must be 16 bytes (32 hex characters), got 1 bytes' },
      { index: 2, error: 'body: longer than 65536 characters' },
    ]);
  });

  test('a bad resource rejects each of its records, and only those', () => {
    const long = { attributes: [{ key: 'spacecraft.id', value: { stringValue: 'x'.repeat(300) } }] };
    const body = { resourceLogs: [request([{}, {}], long).resourceLogs[0], request([{ body: { stringValue: 'ok' } }]).resourceLogs[0]] };
    const batch = parseOtlpLogs(protobufBody(body), 'protobuf', NOW);
    expect(batch.logs.map((l) => l.message)).toEqual(['ok']);
    expect(batch.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(batch.rejected[0]!.error).toBe('resource.attributes["spacecraft.id"]: longer than 200 characters');
  });

  test('JSON: an unreadable resource or scope rejects its records; unknown fields are ignored', () => {
    const batch = parseOtlpLogs(
      jsonBody({
        resourceLogs: [
          { resource: { attributes: 'nope' }, scopeLogs: [{ logRecords: [{}] }] },
          { scopeLogs: [{ scope: { name: 5 }, logRecords: [{}, {}] }] },
          { futureField: 1, scopeLogs: [{ logRecords: [{ body: { stringValue: 'ok' }, futureField: { a: 1 } }] }] },
        ],
      }),
      'json',
      NOW,
    );
    expect(batch.logs.map((l) => l.message)).toEqual(['ok']);
    expect(batch.rejected.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(batch.rejected[0]!.error).toMatch(/^resource: Resource\.attributes: /);
    expect(batch.rejected[1]!.error).toMatch(/^scope: InstrumentationScope\.name: /);
  });

  test('bodies that are not a request at all are a bad request', () => {
    const bad = (body: string | Buffer, encoding: 'json' | 'protobuf') => {
      try {
        parseOtlpLogs(Buffer.from(body), encoding, NOW);
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).code).toBe('bad_request');
        return (e as ApiError).message;
      }
      throw new Error('expected a bad request');
    };
    expect(bad('[1]', 'json')).toBe('body: must be a JSON object (ExportLogsServiceRequest)');
    expect(bad('{"resourceLogs":[{"scopeLogs":{}}]}', 'json')).toBe('body: resourceLogs[0].scopeLogs must be an array');
    expect(bad('{"__proto__":{}}', 'json')).toMatch(/^body: invalid JSON/);
    // Our own line format sent here by mistake: refused, not taken for an empty export.
    expect(bad('{"message":"x","level":"info"}', 'json')).toBe('body: no resourceLogs (not an OTLP/JSON ExportLogsServiceRequest); found "message", "level"');
    expect(bad('{}', 'json')).toBe('body: no resourceLogs (not an OTLP/JSON ExportLogsServiceRequest)');
    expect(bad(Buffer.from([0x0a, 0x05, 0x01]), 'protobuf')).toMatch(/^body: not a valid ExportLogsServiceRequest protobuf message \(index out of range/);
  });

  test('an empty request is valid and stores nothing', () => {
    expect(parseOtlpLogs(Buffer.alloc(0), 'protobuf', NOW)).toEqual({ logs: [], metrics: [], spans: [], rejected: [] });
    expect(parseOtlpLogs(jsonBody({ resourceLogs: [] }), 'json', NOW).logs).toEqual([]);
  });
});
