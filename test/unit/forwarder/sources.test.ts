import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSet, StreamSource, expandGlob, globToRegExp, isGlob } from '../../../src/forwarder/sources';
import { FileRegistry } from '../../../src/forwarder/file-identity';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'observatory-src-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('globs', () => {
  it.each<[string, string, boolean]>([
    ['*.log', 'app.log', true],
    ['*.log', 'app.log.1', false],
    ['*.log', '.hidden.log', false],
    ['app-?.log', 'app-1.log', true],
    ['app-?.log', 'app-12.log', false],
    ['app-[12].log', 'app-2.log', true],
    ['app-[!12].log', 'app-2.log', false],
    ['a+b(*).log', 'a+b(x).log', true],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(globToRegExp(glob).test(name)).toBe(expected);
  });

  it('only the file name may hold wildcards', () => {
    expect(isGlob('/var/log/*.log')).toBe(true);
    expect(isGlob('/var/log/app.log')).toBe(false);
  });

  it('expands in the folder, sorted; a missing folder is no match', async () => {
    for (const n of ['b.log', 'a.log', 'c.txt']) writeFileSync(join(dir, n), '');
    expect(await expandGlob(join(dir, '*.log'))).toEqual([join(dir, 'a.log'), join(dir, 'b.log')]);
    expect(await expandGlob(join(dir, 'nope', '*.log'))).toEqual([]);
  });
});

describe('FileSet', () => {
  it('a glob matching rotated names does not ship a rotated file twice; files appearing later are read from their start', async () => {
    const log = join(dir, 'app.log');
    writeFileSync(log, 'old\n');
    const clock = { t: 0 };
    const set = new FileSet([join(dir, 'app.log*')], { startAt: 'end', registry: new FileRegistry(), resume: new Map(), rotateWaitMs: 0, rescanMs: 0, now: () => ++clock.t });
    await set.start();
    const seen: string[] = [];
    const turn = async () => {
      for (let i = 0; i < 3; i++) {
        for (const t of set.tailers.values()) seen.push(...(await t.read()).map((l) => l.text));
        await set.rescan();
      }
    };
    appendFileSync(log, 'a\n');
    await turn();
    renameSync(log, `${log}.1`);
    writeFileSync(log, 'b\n');
    await turn();
    writeFileSync(join(dir, 'app.log.extra'), 'x\n');
    await turn();
    await set.close();
    expect(seen.sort()).toEqual(['a', 'b', 'x']);
  });
});

describe('StreamSource', () => {
  it('splits lines across chunks, strips CR, ships the last unterminated line at the end', async () => {
    const stream = new PassThrough();
    let rings = 0;
    const src = new StreamSource(stream, () => rings++);
    stream.write('a\r\nb');
    stream.write('c\nd');
    await new Promise((r) => setImmediate(r));
    expect(src.read(10).map((l) => l.text)).toEqual(['a', 'bc']);
    stream.end();
    await new Promise((r) => setImmediate(r));
    expect(src.finished).toBe(false);
    expect(src.read(10).map((l) => l.text)).toEqual(['d']);
    expect(src.finished).toBe(true);
    expect(rings).toBeGreaterThan(0);
  });

  it('pauses the stream while its queue is full (back-pressure), resumes once read', async () => {
    const stream = new PassThrough();
    const src = new StreamSource(stream, () => undefined, 4);
    stream.write('1\n2\n3\n4\n5\n');
    await new Promise((r) => setImmediate(r));
    expect(stream.isPaused()).toBe(true);
    expect(src.read(2).map((l) => l.text)).toEqual(['1', '2']);
    expect(stream.isPaused()).toBe(true);
    expect(src.read(2).map((l) => l.text)).toEqual(['3', '4']);
    expect(stream.isPaused()).toBe(false);
    src.stop();
  });
});
