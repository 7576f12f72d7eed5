import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRegistry, type FilePosition } from '../../../src/forwarder/file-identity';
import { FileTailer, type TailLine, type TailerOptions } from '../../../src/forwarder/tailer';

let dir: string;
let log: string;
const open: FileTailer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'observatory-tail-'));
  log = join(dir, 'app.log');
});
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function tailer(opts: Partial<TailerOptions> = {}, path = log): Promise<FileTailer> {
  const t = new FileTailer(path, { startAt: 'start', registry: new FileRegistry(), rotateWaitMs: 0, ...opts });
  open.push(t);
  await t.start();
  return t;
}

/** Read until a read returns nothing (rotation with rotateWaitMs 0 completes within a couple of reads). */
async function drain(t: FileTailer): Promise<TailLine[]> {
  const out: TailLine[] = [];
  for (let empty = 0; empty < 2; ) {
    const lines = await t.read();
    if (lines.length === 0) empty++;
    else empty = 0;
    out.push(...lines);
  }
  return out;
}
const texts = async (t: FileTailer) => (await drain(t)).map((l) => l.text);

describe('FileTailer: reading', () => {
  it('from the end by default: only lines written after the start', async () => {
    writeFileSync(log, 'old 1\nold 2\n');
    const t = await tailer({ startAt: 'end' });
    expect(await texts(t)).toEqual([]);
    appendFileSync(log, 'new 1\nnew 2\n');
    const lines = await drain(t);
    expect(lines.map((l) => [l.text, l.end])).toEqual([['new 1', 18], ['new 2', 24]]);
  });

  it('from the start on request', async () => {
    writeFileSync(log, 'a\nb\n');
    expect(await texts(await tailer({ startAt: 'start' }))).toEqual(['a', 'b']);
  });

  it('holds a partial line until its newline; strips CR; keeps UTF-8 split across reads whole', async () => {
    writeFileSync(log, 'one\r\ntw');
    const t = await tailer();
    expect(await texts(t)).toEqual(['one']);
    expect(t.position()?.offset).toBe(5);
    appendFileSync(log, Buffer.from([0xc3])); // first byte of é
    expect(await texts(t)).toEqual([]);
    appendFileSync(log, Buffer.from([0xa9, 0x0a]));
    expect(await texts(t)).toEqual(['twé']);
  });

  it('an unterminated line longer than maxLineBytes is shipped in pieces rather than held forever', async () => {
    writeFileSync(log, 'x'.repeat(25));
    const t = await tailer({ maxLineBytes: 10 });
    expect((await drain(t)).map((l) => [l.text, l.end])).toEqual([['x'.repeat(10), 10], ['x'.repeat(10), 20]]);
    appendFileSync(log, '\nshort\n');
    expect((await drain(t)).map((l) => [l.text, l.end])).toEqual([['xxxxx', 26], ['short', 32]]);
  });

  it('a file that does not exist yet is read from its start once it appears', async () => {
    const t = await tailer({ startAt: 'end' });
    expect(await t.read()).toEqual([]);
    writeFileSync(log, 'first\n');
    expect(await texts(t)).toEqual(['first']);
  });
});

describe('FileTailer: rotation', () => {
  it('rename + create: finishes the old file, then reads the new one from its start', async () => {
    writeFileSync(log, 'a\n');
    const t = await tailer();
    expect(await texts(t)).toEqual(['a']);
    appendFileSync(log, 'b\nunterminated');
    renameSync(log, `${log}.1`);
    writeFileSync(log, 'c\nd\n');
    expect(await texts(t)).toEqual(['b', 'unterminated', 'c', 'd']);
    appendFileSync(log, 'e\n');
    expect(await texts(t)).toEqual(['e']);
  });

  it('keeps reading a rotated file while its writer still writes to it, until it is idle for rotateWaitMs', async () => {
    const clock = { t: 0 };
    writeFileSync(log, 'a\n');
    const t = await tailer({ rotateWaitMs: 1000, now: () => clock.t });
    expect(await texts(t)).toEqual(['a']);
    renameSync(log, `${log}.1`);
    writeFileSync(log, 'new 1\n');
    expect(await texts(t)).toEqual([]);
    clock.t = 600;
    appendFileSync(`${log}.1`, 'late to the old file\n'); // the daemon has not reopened yet
    expect(await texts(t)).toEqual(['late to the old file']);
    clock.t = 1500; // 900 ms idle: not yet
    expect(await texts(t)).toEqual([]);
    clock.t = 1700;
    expect(await texts(t)).toEqual(['new 1']);
  });

  it('copytruncate: the file shrinks below what we read → read again from 0', async () => {
    writeFileSync(log, 'line 0001\nline 0002\nline 0003\n');
    const t = await tailer();
    expect(await texts(t)).toEqual(['line 0001', 'line 0002', 'line 0003']);
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, 'line 0004\n');
    expect(await texts(t)).toEqual(['line 0004']);
  });

  it('copytruncate where the writer wrote past our offset before we looked: the first bytes changed → from 0', async () => {
    writeFileSync(log, 'line 0001\nline 0002\n');
    const t = await tailer();
    expect(await texts(t)).toEqual(['line 0001', 'line 0002']);
    truncateSync(log, 0);
    appendFileSync(log, 'line 0003\nline 0004\nline 0005\n');
    expect(await texts(t)).toEqual(['line 0003', 'line 0004', 'line 0005']);
  });

  it('copytruncate where the writer wrote exactly back to our offset: the changed mtime makes us look at the first bytes', async () => {
    writeFileSync(log, 'line 0001\nline 0002\n');
    const t = await tailer();
    expect(await texts(t)).toEqual(['line 0001', 'line 0002']);
    await new Promise((r) => setTimeout(r, 30)); // past the kernel's timestamp tick
    truncateSync(log, 0);
    appendFileSync(log, 'line 0003\nline 0004\n'); // the same size as before
    expect(await texts(t)).toEqual(['line 0003', 'line 0004']);
  });

  it('delete + recreate: the rest of the old file, then the new one', async () => {
    writeFileSync(log, 'a\n');
    const t = await tailer();
    await drain(t);
    appendFileSync(log, 'b\n');
    unlinkSync(log);
    expect(await texts(t)).toEqual(['b']);
    writeFileSync(log, 'c\n');
    expect(await texts(t)).toEqual(['c']);
  });
});

describe('FileTailer: resuming after a restart', () => {
  async function stopAt(opts: Partial<TailerOptions> = {}): Promise<FilePosition> {
    const t = await tailer(opts);
    const lines = await drain(t);
    await t.close();
    const last = lines.at(-1)!;
    return { path: log, dev: last.file.dev, ino: last.file.ino, head: last.file.head.toString('base64'), offset: last.end };
  }
  async function resumeFrom(p: FilePosition): Promise<FileTailer> {
    const registry = new FileRegistry();
    registry.remember(p);
    return tailer({ startAt: 'end', resume: p, registry });
  }

  it('the same file: exactly the lines after the saved offset', async () => {
    writeFileSync(log, 'a\nb\n');
    const p = await stopAt();
    appendFileSync(log, 'c\n');
    expect(await texts(await resumeFrom(p))).toEqual(['c']);
  });

  it('a position mid-batch (not at EOF) resumes mid-file', async () => {
    writeFileSync(log, 'a\nb\nc\n');
    const first = (await drain(await tailer()))[0]!;
    const p: FilePosition = { path: log, dev: first.file.dev, ino: first.file.ino, head: first.file.head.toString('base64'), offset: first.end };
    expect(await texts(await resumeFrom(p))).toEqual(['b', 'c']);
  });

  it('rotated while we were stopped: the rest of the old file (found by inode next to it), then the new one', async () => {
    writeFileSync(log, 'a\n');
    const p = await stopAt();
    appendFileSync(log, 'b\n');
    renameSync(log, `${log}.1`);
    writeFileSync(log, 'c\n');
    expect(await texts(await resumeFrom(p))).toEqual(['b', 'c']);
  });

  it('rotated while stopped and the old file is gone: the new one from its start', async () => {
    writeFileSync(log, 'a\n');
    const p = await stopAt();
    unlinkSync(log);
    writeFileSync(log, 'c\n');
    const logs: string[] = [];
    const registry = new FileRegistry();
    registry.remember(p);
    expect(await texts(await tailer({ startAt: 'end', resume: p, registry, log: (m) => logs.push(m) }))).toEqual(['c']);
  });

  it('truncated while stopped: from the start', async () => {
    writeFileSync(log, 'aaaa\nbbbb\n');
    const p = await stopAt();
    truncateSync(log, 0);
    appendFileSync(log, 'c\n');
    expect(await texts(await resumeFrom(p))).toEqual(['c']);
  });
});

describe('FileRegistry', () => {
  it('one file is read by one tailer: a second path to the same inode waits, then continues where the first stopped', async () => {
    writeFileSync(log, 'a\nb\n');
    const registry = new FileRegistry();
    const first = await tailer({ registry });
    expect(await texts(first)).toEqual(['a', 'b']);
    renameSync(log, join(dir, 'app.log.1'));
    const second = await tailer({ registry, startAt: 'start' }, join(dir, 'app.log.1'));
    expect(await texts(second)).toEqual([]); // busy: the first still finishes it
    expect(await texts(first)).toEqual([]); // the first lets it go (rotateWaitMs 0)
    appendFileSync(join(dir, 'app.log.1'), 'c\n');
    expect(await texts(second)).toEqual(['c']); // not a, b again
  });
});
