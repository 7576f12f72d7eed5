/**
 * Follows one log file by path, like `tail -F`, and hands out complete lines with the offset
 * just after each. Polled, not watched: fs.watch misses renames on some platforms and
 * filesystems (NFS, overlayfs), and a poll every few hundred milliseconds costs nothing.
 *
 * A file is known by device + inode + its first bytes (the "head", up to HEAD_BYTES):
 * - rename + create: the path names another inode. The old file is read on until it has been
 *   idle for rotateWaitMs (a writer may still hold it open until it is told to reopen), then
 *   the new one is read from its start.
 * - copytruncate: same inode, but smaller than what we read, or its first bytes changed (it was
 *   truncated and written past our offset before we looked): read again from the start. Lines
 *   written between the copy and the truncation cannot be seen by anyone; that is the method's.
 * - restart: a saved position resumes when the file is still the same one; if the path was
 *   rotated while we were stopped, the old inode is looked for next to it and finished first.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HEAD_BYTES, headsAgree, sameInode, toPosition, type FileId, type FilePosition, type FileRegistry } from './file-identity';

const CHUNK = 256 * 1024;

export interface TailLine {
  text: string;
  file: FileId;
  /** Offset just after this line (and its newline) in `file`. */
  end: number;
}

export interface TailerOptions {
  /** Where to begin in a file that exists when we start and that no earlier run read. */
  startAt: 'start' | 'end';
  /** Where an earlier run stood on this path. */
  resume?: FilePosition | undefined;
  registry: FileRegistry;
  /** How long a rotated-away file must stay idle before we move to the new one. */
  rotateWaitMs?: number;
  /** A line longer than this (bytes) is cut and shipped in pieces rather than held forever. */
  maxLineBytes?: number;
  /** Called whenever a file is opened, with where reading starts. */
  onOpen?: (position: FilePosition) => void;
  log?: (message: string) => void;
  now?: () => number;
}

interface OpenFile {
  fh: FileHandle;
  id: FileId;
  /** Bytes read so far; complete lines end at or before offset - pending.length. */
  offset: number;
  pending: Buffer;
  lastGrowth: number;
  /** When the path stopped naming this file (renamed or deleted). */
  goneSince: number | undefined;
  /** Modification time at the last look: a write that did not grow the file still changes it. */
  mtimeNs: bigint;
}

interface Opened {
  fh: FileHandle;
  id: FileId;
  size: number;
  mtimeNs: bigint;
}

async function openFile(path: string): Promise<Opened | null> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) {
      await fh.close();
      throw new Error(`${path} is not a regular file`);
    }
    const size = Number(st.size);
    const head = await readHead(fh, size);
    return { fh, id: { dev: String(st.dev), ino: String(st.ino), head }, size, mtimeNs: st.mtimeNs };
  } catch (e) {
    await fh.close().catch(() => undefined);
    throw e;
  }
}

async function readHead(fh: FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
  if (buf.length === 0) return buf;
  const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
  return buf.subarray(0, bytesRead);
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function statOrNull(path: string) {
  try {
    return await stat(path, { bigint: true });
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

export class FileTailer {
  private cur: OpenFile | null = null;
  private closed = false;
  private readonly chunk: Buffer;
  private readonly rotateWaitMs: number;
  private readonly maxLineBytes: number;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    private readonly opts: TailerOptions,
  ) {
    this.rotateWaitMs = opts.rotateWaitMs ?? 1000;
    this.maxLineBytes = opts.maxLineBytes ?? 1024 * 1024;
    this.now = opts.now ?? Date.now;
    this.chunk = Buffer.allocUnsafe(CHUNK);
  }

  /** Where reading stands now (complete lines only), or undefined while the file is absent. */
  position(): FilePosition | undefined {
    return this.cur ? toPosition(this.path, this.cur.id, this.cur.offset - this.cur.pending.length) : undefined;
  }

  /** Open the file where this run should begin. Call once, before read(). */
  async start(): Promise<void> {
    const found = await openFile(this.path);
    const resume = this.opts.resume;
    if (found) {
      const known = this.opts.registry.lookup(found.id.dev, found.id.ino, found.id.head);
      if (known !== undefined && known <= found.size) return this.adopt(found, known);
      if (known !== undefined) {
        this.log(`${this.path} was truncated while we were stopped; reading it from the start`);
        return this.adopt(found, 0);
      }
    }
    if (resume) {
      // The path names another file than the one we were reading: rotated while we were stopped.
      const old = await this.findRotated(resume);
      if (old) {
        await found?.fh.close();
        this.adopt(old, resume.offset);
        if (this.cur) this.cur.goneSince = this.now();
        return;
      }
      this.log(`${this.path} is not the file we were reading when we stopped (rotated or rewritten) and that file is gone; reading the current one from the start`);
      if (found) return this.adopt(found, 0);
      return;
    }
    if (found) this.adopt(found, this.opts.startAt === 'end' ? found.size : 0);
  }

  /** Complete lines available now, reading at most about `budget` bytes. */
  async read(budget = 1024 * 1024): Promise<TailLine[]> {
    const lines: TailLine[] = [];
    if (this.closed) return lines;
    if (!this.cur) await this.openNext();
    if (!this.cur) return lines;
    await this.checkPath(lines);
    const f = this.cur;
    const n = await this.readInto(f, budget, lines);
    if (f.goneSince !== undefined && n === 0 && this.now() - Math.max(f.goneSince, f.lastGrowth) >= this.rotateWaitMs) {
      this.flushPartial(f, lines);
      await this.closeCurrent();
      await this.openNext();
      if (this.cur) await this.readInto(this.cur, budget, lines);
    }
    return lines;
  }

  /** Stop reading; the file's position is remembered for a later claim in this run. */
  async close(): Promise<void> {
    this.closed = true;
    await this.closeCurrent();
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }

  private adopt(found: Opened, offset: number): void {
    const claim = this.opts.registry.claim(this.path, found.id);
    if (claim.busy) {
      void found.fh.close();
      return;
    }
    this.cur = { fh: found.fh, id: found.id, offset, pending: Buffer.alloc(0), lastGrowth: this.now(), goneSince: undefined, mtimeNs: found.mtimeNs };
    this.opts.onOpen?.(toPosition(this.path, found.id, offset));
  }

  /** After a rotation, or when the path first appears: a file new to us is read from its start. */
  private async openNext(): Promise<void> {
    const found = await openFile(this.path);
    if (!found) return;
    const claim = this.opts.registry.claim(this.path, found.id);
    if (claim.busy) {
      await found.fh.close();
      return;
    }
    const offset = claim.offset !== undefined && claim.offset <= found.size ? claim.offset : 0;
    this.cur = { fh: found.fh, id: found.id, offset, pending: Buffer.alloc(0), lastGrowth: this.now(), goneSince: undefined, mtimeNs: found.mtimeNs };
    this.opts.onOpen?.(toPosition(this.path, found.id, offset));
  }

  private async closeCurrent(): Promise<void> {
    const f = this.cur;
    if (!f) return;
    this.cur = null;
    this.opts.registry.release(this.path, f.id, f.offset - f.pending.length);
    await f.fh.close().catch(() => undefined);
  }

  /** Rotation (the path names another inode or none) or truncation of the file we hold. */
  private async checkPath(lines: TailLine[]): Promise<void> {
    const f = this.cur;
    if (!f || f.goneSince !== undefined) return;
    const st = await statOrNull(this.path);
    if (!st || !sameInode({ dev: String(st.dev), ino: String(st.ino) }, f.id)) {
      f.goneSince = this.now();
      this.log(st ? `${this.path} was rotated; finishing the old file first` : `${this.path} disappeared; finishing what is left of it`);
      return;
    }
    const size = Number(st.size);
    const touched = st.mtimeNs !== f.mtimeNs;
    f.mtimeNs = st.mtimeNs;
    if (size < f.offset) return this.restartFile(f, lines, 'truncated');
    // Truncated and rewritten to our offset or past it before we looked: only the first bytes tell.
    if (size > f.offset || touched || f.id.head.length < Math.min(HEAD_BYTES, size)) {
      const head = await readHead(f.fh, size);
      if (!headsAgree(f.id.head, head)) return this.restartFile(f, lines, 'rewritten from the start');
      if (head.length > f.id.head.length) f.id.head = head;
    }
  }

  private async restartFile(f: OpenFile, lines: TailLine[], why: string): Promise<void> {
    this.flushPartial(f, lines);
    const st = await f.fh.stat({ bigint: true });
    const id: FileId = { dev: String(st.dev), ino: String(st.ino), head: await readHead(f.fh, Number(st.size)) };
    this.opts.registry.reset(this.path, id);
    f.id = id;
    f.offset = 0;
    f.lastGrowth = this.now();
    this.log(`${this.path} was ${why} (copytruncate?); reading it from the start`);
  }

  /** A rotated or truncated file's last bytes without a newline are a line of their own. */
  private flushPartial(f: OpenFile, lines: TailLine[]): void {
    if (f.pending.length === 0) return;
    lines.push({ text: stripCr(f.pending.toString('utf8')), file: f.id, end: f.offset });
    f.pending = Buffer.alloc(0);
  }

  private async readInto(f: OpenFile, budget: number, lines: TailLine[]): Promise<number> {
    let total = 0;
    while (total < budget) {
      const want = Math.min(this.chunk.length, budget - total);
      const { bytesRead } = await f.fh.read(this.chunk, 0, want, f.offset);
      if (bytesRead === 0) break;
      const dataStart = f.offset - f.pending.length;
      const fresh = this.chunk.subarray(0, bytesRead);
      const data = f.pending.length ? Buffer.concat([f.pending, fresh]) : fresh;
      f.offset += bytesRead;
      total += bytesRead;
      let from = 0;
      for (let nl = data.indexOf(10, from); nl !== -1; nl = data.indexOf(10, from)) {
        lines.push({ text: decodeLine(data, from, nl), file: f.id, end: dataStart + nl + 1 });
        from = nl + 1;
      }
      // The chunk buffer is reused: keep a copy of the unfinished line.
      let rest = Buffer.from(data.subarray(from));
      while (rest.length > this.maxLineBytes) {
        from += this.maxLineBytes;
        lines.push({ text: rest.subarray(0, this.maxLineBytes).toString('utf8'), file: f.id, end: dataStart + from });
        rest = rest.subarray(this.maxLineBytes);
      }
      f.pending = rest;
      if (bytesRead < want) break;
    }
    if (total > 0) f.lastGrowth = this.now();
    return total;
  }

  /** The inode we were reading, under another name in the same folder (app.log → app.log.1). */
  private async findRotated(resume: FilePosition): Promise<Opened | null> {
    const dir = dirname(this.path);
    const self = basename(this.path);
    const head = Buffer.from(resume.head, 'base64');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return null;
    }
    for (const name of names.slice(0, 10_000)) {
      if (name === self) continue;
      const st = await statOrNull(join(dir, name)).catch(() => null);
      if (!st || String(st.ino) !== resume.ino || String(st.dev) !== resume.dev) continue;
      const found = await openFile(join(dir, name)).catch(() => null);
      if (found && sameInode(found.id, resume) && headsAgree(found.id.head, head) && found.size >= resume.offset) return found;
      await found?.fh.close();
    }
    return null;
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function decodeLine(data: Buffer, from: number, nl: number): string {
  const end = nl > from && data[nl - 1] === 13 ? nl - 1 : nl;
  return data.toString('utf8', from, end);
}
