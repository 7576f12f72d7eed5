import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE, detectLevel, toRecord, type RecordOptions } from '../../../src/forwarder/record';

const plain: RecordOptions = { json: false, source: 'gs-1' };
const parse = (line: string, opts: RecordOptions = plain, now = 1_700_000_000_000) => {
  const r = toRecord(line, opts, now);
  return r === null ? null : (JSON.parse(r) as Record<string, unknown>);
};

describe('detectLevel', () => {
  it.each([
    ['2026-11-23 10:00:00 ERROR pump 3 stalled', 'ERROR'],
    ['2026-11-23 10:00:00 WARNING low voltage', 'WARN'],
    ['[warn] low voltage', 'WARN'],
    ['<error> x', 'ERROR'],
    ['level=debug msg="tick"', 'DEBUG'],
    ['{"level":"info","msg":"x"}', 'INFO'],
    ['severity: crit reactor', 'CRITICAL'],
    ['FATAL: out of memory', 'CRITICAL'],
    ['PANIC everything', 'CRITICAL'],
    ['kernel: NOTICE something', 'INFO'],
    ['INFO: could not find ERROR file', 'INFO'],
    ['TRACE enter f()', 'DEBUG'],
  ])('%j → %s', (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });

  it.each([
    'no error found in lower case prose',
    'ERRORS are counted, not flagged',
    'ERR_CONNECTION_RESET',
    'INFORMATION only',
    '',
    `${'x'.repeat(300)} ERROR beyond the scanned start`,
  ])('%j → none', (line) => {
    expect(detectLevel(line)).toBeUndefined();
  });
});

describe('toRecord: plain lines', () => {
  it('message, read time, source, detected level', () => {
    expect(parse('12:00 ERROR pump')).toEqual({ message: '12:00 ERROR pump', timestamp: 1_700_000_000_000, level: 'ERROR', source: 'gs-1' });
  });

  it('service, spacecraft and the fallback level from options', () => {
    expect(parse('hello', { json: false, service: 'nav', spacecraft: 'voyager-1', level: 'WARN' })).toEqual({
      message: 'hello', timestamp: 1_700_000_000_000, level: 'WARN', service: 'nav', spacecraft_id: 'voyager-1',
    });
  });

  it('a level found in the line wins over --level', () => {
    expect(parse('DEBUG x', { json: false, level: 'WARN' })?.level).toBe('DEBUG');
  });

  it('an empty line ships nothing; whitespace is a message', () => {
    expect(toRecord('', plain, 0)).toBeNull();
    expect(parse(' ')?.message).toBe(' ');
  });

  it("a line longer than the station's limit is cut and says so", () => {
    const r = parse('a'.repeat(MAX_MESSAGE + 10));
    expect((r?.message as string).length).toBe(MAX_MESSAGE);
    expect(r?.metadata).toEqual({ truncated_from_chars: MAX_MESSAGE + 10 });
  });

  it('JSON-looking lines stay text without --json', () => {
    expect(parse('{"message":"x"}')?.message).toBe('{"message":"x"}');
  });
});

describe('toRecord: --json', () => {
  const json: RecordOptions = { json: true, service: 'nav', source: 'gs-1' };

  it('passes station fields through and fills the missing ones', () => {
    expect(parse('{"message":"boot","level":"warning","timestamp":"2026-11-23T10:00:00Z","spacecraft_id":"sc-9"}', json)).toEqual({
      message: 'boot', level: 'WARN', timestamp: '2026-11-23T10:00:00Z', spacecraft_id: 'sc-9', service: 'nav', source: 'gs-1',
    });
  });

  it('unknown fields go under metadata instead of getting the line refused', () => {
    expect(parse('{"message":"m","pid":42,"metadata":{"a":1}}', json)?.metadata).toEqual({ a: 1, pid: 42 });
    expect(parse('{"message":"m","pid":42}', json)?.metadata).toEqual({ pid: 42 });
    expect(parse('{"message":"m","pid":42,"metadata":"s"}', json)?.metadata).toEqual({ metadata: 's', pid: 42 });
  });

  it('pino/bunyan: msg and numeric levels', () => {
    const r = parse('{"level":50,"time":1,"msg":"disk full","hostname":"h"}', json);
    expect(r).toMatchObject({ message: 'disk full', level: 'ERROR', metadata: { time: 1, hostname: 'h' } });
  });

  it('an unknown level word is kept under metadata and the level is detected instead', () => {
    expect(parse('{"message":"ERROR x","level":"loud"}', json)).toMatchObject({ level: 'ERROR', metadata: { level: 'loud' } });
  });

  it('no message: the whole line is the message', () => {
    const line = '{"event":"boot"}';
    expect(parse(line, json)).toMatchObject({ message: line, metadata: { event: 'boot' } });
  });

  it('host stands for source: no default source is added next to it', () => {
    expect(parse('{"message":"m","host":"h1"}', json)).not.toHaveProperty('source');
  });

  it('invalid JSON, arrays and scalars ship as plain text', () => {
    for (const line of ['{"message":', '[1,2]', '{oops}']) expect(parse(line, json)?.message).toBe(line);
  });
});
