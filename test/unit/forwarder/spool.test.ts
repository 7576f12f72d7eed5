import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool, SpoolLockedError } from '../../../src/forwarder/spool';
import type { FilePosition } from '../../../src/forwarder/file-identity';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'observatory-spool-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (maxBytes = 1 << 30, onDrain?: () => void) => Spool.open(dir, { maxBytes, onDrain });
const pos = (path: string, offset: number): FilePosition => ({ path, dev: '1', ino: '2', head: Buffer.from('head').toString('base64'), offset });
const batchFiles = () => readdirSync(dir).filter((n) => n.endsWith('.batch')).sort();

describe('Spool', () => {
  it('writes batches durably in sequence order and replays them after a restart, oldest first', async () => {
    const s1 = await open();
    const a = await s1.add(Buffer.from('body-a'), 2, [pos('/a.log', 10)]);
    const b = await s1.add(Buffer.from('body-b'), 3, [pos('/a.log', 20)]);
    const c = await s1.add(Buffer.from('body-c'), 1, [pos('/b.log', 5)]);
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(batchFiles()).toEqual([a.name, b.name, c.name]);
    await s1.close();

    const s2 = await open();
    expect(s2.pending.map((p) => p.id)).toEqual([a.id, b.id, c.id]);
    const { header, body } = await s2.read(s2.pending[1]!);
    expect(body.toString()).toBe('body-b');
    expect(header).toMatchObject({ v: 1, id: b.id, seq: 2, lines: 3, positions: [pos('/a.log', 20)] });
    expect(s2.positions.get('/a.log')?.offset).toBe(20);
    expect(s2.positions.get('/b.log')?.offset).toBe(5);
    // ids never repeat across restarts
    const d = await s2.add(Buffer.from('body-d'), 1, []);
    expect(d.seq).toBe(4);
    await s2.close();
  });

  it('ack deletes the batch; what is left replays in order', async () => {
    const s1 = await open();
    const a = await s1.add(Buffer.from('a'), 1, []);
    const b = await s1.add(Buffer.from('b'), 1, []);
    await s1.ack(a);
    expect(s1.pending.map((p) => p.id)).toEqual([b.id]);
    await s1.close();
    const s2 = await open();
    expect(s2.pending.map((p) => p.id)).toEqual([b.id]);
    expect(batchFiles()).toEqual([b.name]);
    await s2.close();
  });

  it('a crash (no close) with batches pending: the newest batch header is the resume point, over an older state.json', async () => {
    const s1 = await open();
    await s1.notePosition(pos('/b.log', 7)); // writes state.json
    await s1.add(Buffer.from('a'), 1, [pos('/a.log', 10)]);
    await s1.add(Buffer.from('b'), 1, [pos('/a.log', 25)]);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).seq).toBe(0); // not written per batch
    const s2 = await open(); // s1 "died": its lock names our own pid, which counts as stale
    expect(s2.positions.get('/a.log')?.offset).toBe(25);
    expect(s2.positions.get('/b.log')?.offset).toBe(7);
    await s2.close();
  });

  it('acknowledging an older batch leaves state.json alone: the newer batch still carries the positions', async () => {
    const s1 = await open();
    const a = await s1.add(Buffer.from('a'), 1, [pos('/a.log', 10)]);
    await s1.add(Buffer.from('b'), 1, [pos('/a.log', 25)]);
    await s1.ack(a);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    const s2 = await open();
    expect(s2.positions.get('/a.log')?.offset).toBe(25);
    await s2.close();
  });

  it('before the newest batch leaves (ack or reject), state.json takes over its positions', async () => {
    const s1 = await open();
    const a = await s1.add(Buffer.from('a'), 1, [pos('/a.log', 42)]);
    await s1.ack(a); // and then a crash: no close()
    const s2 = await open();
    expect(s2.pending).toEqual([]);
    expect(s2.positions.get('/a.log')?.offset).toBe(42);
    const b = await s2.add(Buffer.from('b'), 1, [pos('/a.log', 50)]);
    expect(b.seq).toBe(2);
    await s2.reject(b, '400');
    const s3 = await open();
    expect(s3.positions.get('/a.log')?.offset).toBe(50);
    await s3.close();
  });

  it('half-written batches (*.tmp) are discarded: their lines were never checkpointed', async () => {
    writeFileSync(join(dir, '000000000001-abc.batch.tmp'), 'partial');
    const s = await open();
    expect(s.pending).toEqual([]);
    expect(readdirSync(dir).some((n) => n.endsWith('.tmp'))).toBe(false);
    await s.close();
  });

  it('reject moves a batch to rejected/ with its reason; it is never resent, and --retry-rejected requeues it', async () => {
    const s1 = await open();
    const a = await s1.add(Buffer.from('a'), 1, []);
    const b = await s1.add(Buffer.from('b'), 1, []);
    const where = await s1.reject(a, '401 unauthorized: bad token');
    expect(where).toBe(join(dir, 'rejected', a.name));
    expect(readFileSync(`${where}.reason.txt`, 'utf8')).toContain('401 unauthorized');
    expect(s1.pending.map((p) => p.id)).toEqual([b.id]);
    await s1.ack(b);
    await s1.close();

    const s2 = await open();
    expect(s2.pending).toEqual([]);
    expect((await s2.add(Buffer.from('c'), 1, [])).seq).toBe(3);
    await s2.close();

    const s3 = await open();
    expect(await s3.requeueRejected()).toBe(1);
    expect(s3.pending.map((p) => p.seq)).toEqual([1, 3]);
    expect(existsSync(`${where}.reason.txt`)).toBe(false);
    await s3.close();
  });

  it('keeps per-line refusals next to rejected batches', async () => {
    const s = await open();
    const a = await s.add(Buffer.from('a'), 2, []);
    const where = await s.keepRejectedLines(a, [{ index: 1, error: 'timestamp: bad', line: '{"message":"x"}' }]);
    expect(JSON.parse(readFileSync(where, 'utf8'))).toEqual({ index: 1, error: 'timestamp: bad', line: '{"message":"x"}' });
    await s.close();
  });

  it('is full at its cap and says so when a batch leaves', async () => {
    let drained = 0;
    const s = await open(64 * 1024, () => drained++);
    const a = await s.add(Buffer.alloc(40 * 1024), 1, []);
    expect(s.full).toBe(false);
    const b = await s.add(Buffer.alloc(40 * 1024), 1, []);
    expect(s.full).toBe(true);
    expect(s.pendingBytes).toBe(a.bytes + b.bytes);
    await s.ack(a);
    expect(s.full).toBe(false);
    expect(drained).toBe(1);
    await s.close();
  });

  it('notePosition records a file opened before any batch, once', async () => {
    const s1 = await open();
    await s1.notePosition(pos('/a.log', 100));
    await s1.notePosition(pos('/a.log', 200)); // a later open of the same path does not move it
    await s1.close();
    const s2 = await open();
    expect(s2.positions.get('/a.log')?.offset).toBe(100);
    await s2.close();
  });

  it('one forwarder per folder: a live owner refuses, a dead one is taken over', async () => {
    writeFileSync(join(dir, 'forwarder.lock'), String(process.ppid));
    await expect(open()).rejects.toThrow(SpoolLockedError);
    await expect(open()).rejects.toThrow(/in use by another forwarder/);
    writeFileSync(join(dir, 'forwarder.lock'), '2147483646');
    const s = await open();
    expect(readFileSync(join(dir, 'forwarder.lock'), 'utf8')).toBe(String(process.pid));
    await s.close();
    expect(existsSync(join(dir, 'forwarder.lock'))).toBe(false);
  });
});
