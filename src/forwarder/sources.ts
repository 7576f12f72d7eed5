/**
 * Where lines come from: a set of files (paths and `*`/`?` globs in the file name, re-scanned
 * so that files appearing later are picked up), or stdin.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { FilePosition, FileRegistry } from './file-identity';
import { FileTailer, type TailLine } from './tailer';

const WILDCARD = /[*?[]/;

export function isGlob(pattern: string): boolean {
  return WILDCARD.test(basename(pattern));
}

/** A file-name glob (`*`, `?`, `[abc]`) as a RegExp; `*` does not match a leading dot. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        re += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(glob.startsWith('.') ? `^${re}$` : `^(?!\\.)${re}$`);
}

/** Files in `pattern`'s folder whose names match it, sorted (absolute paths). */
export async function expandGlob(pattern: string): Promise<string[]> {
  const dir = resolve(dirname(pattern));
  const re = globToRegExp(basename(pattern));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => re.test(n)).sort().map((n) => join(dir, n));
}

export interface FileSetOptions {
  startAt: 'start' | 'end';
  registry: FileRegistry;
  /** Saved positions by absolute path. */
  resume: ReadonlyMap<string, FilePosition>;
  rotateWaitMs?: number;
  rescanMs?: number;
  onOpen?: (position: FilePosition) => void;
  log?: (message: string) => void;
  now?: () => number;
}

/** The tailers for the paths and globs given on the command line. */
export class FileSet {
  readonly tailers = new Map<string, FileTailer>();
  private readonly literal: string[];
  private readonly globs: string[];
  private lastScan = 0;

  constructor(
    patterns: string[],
    private readonly opts: FileSetOptions,
  ) {
    this.literal = patterns.filter((p) => !isGlob(p)).map((p) => resolve(p));
    this.globs = patterns.filter(isGlob);
  }

  async start(): Promise<void> {
    const now = this.opts.now ?? Date.now;
    this.lastScan = now();
    const initial = [...this.literal];
    for (const g of this.globs) initial.push(...(await expandGlob(g)));
    for (const path of initial) await this.add(path, this.opts.startAt);
  }

  /** Pick up files a glob matches now that it did not before (every rescanMs). */
  async rescan(): Promise<void> {
    const now = (this.opts.now ?? Date.now)();
    if (this.globs.length === 0 || now - this.lastScan < (this.opts.rescanMs ?? 2000)) return;
    this.lastScan = now;
    for (const g of this.globs) {
      // A file that appears after we started is new: all of it is shipped.
      for (const path of await expandGlob(g)) if (!this.tailers.has(path)) await this.add(path, 'start');
    }
  }

  async close(): Promise<void> {
    for (const t of this.tailers.values()) await t.close();
  }

  private async add(path: string, startAt: 'start' | 'end'): Promise<void> {
    if (this.tailers.has(path)) return;
    const tailer = new FileTailer(path, {
      startAt,
      resume: this.opts.resume.get(path),
      registry: this.opts.registry,
      rotateWaitMs: this.opts.rotateWaitMs,
      onOpen: this.opts.onOpen,
      log: this.opts.log,
      now: this.opts.now,
    });
    await tailer.start();
    this.tailers.set(path, tailer);
  }
}

/** Lines from a stream (stdin), queued; the stream is paused while the queue is full. */
export class StreamSource {
  private queue: string[] = [];
  private partial = '';
  private ended = false;
  private paused = false;

  constructor(
    private readonly stream: Readable,
    private readonly onData: () => void,
    private readonly highWater = 20_000,
  ) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      for (const p of parts) this.queue.push(p.endsWith('\r') ? p.slice(0, -1) : p);
      if (this.queue.length >= this.highWater && !this.paused) {
        this.paused = true;
        stream.pause();
      }
      this.onData();
    });
    stream.on('end', () => {
      if (this.partial !== '') this.queue.push(this.partial);
      this.partial = '';
      this.ended = true;
      this.onData();
    });
    stream.on('error', () => {
      this.ended = true;
      this.onData();
    });
  }

  /** Up to `max` queued lines. */
  read(max: number): TailLineLike[] {
    const out = this.queue.length <= max ? this.queue : this.queue.slice(0, max);
    this.queue = this.queue.length <= max ? [] : this.queue.slice(max);
    if (this.paused && this.queue.length < this.highWater / 2) {
      this.paused = false;
      this.stream.resume();
    }
    return out.map((text) => ({ text }));
  }

  /** The stream ended and every line was read. */
  get finished(): boolean {
    return this.ended && this.queue.length === 0;
  }

  /** Stop listening (shutdown). */
  stop(): void {
    this.stream.pause();
    this.stream.removeAllListeners('data');
  }
}

/** A stream line has no file position. */
export type TailLineLike = Pick<TailLine, 'text'>;
