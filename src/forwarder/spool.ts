/**
 * The on-disk spool: every batch is written here (fsync'd, then renamed into place, so a crash
 * leaves whole batches or none) before it is sent, and deleted only once the station answered
 * 2xx. Batches are sent in sequence order; a restart resends what is left, oldest first, under
 * the same batch id (the Idempotency-Key), so a batch the station committed but whose answer
 * was lost is not stored twice.
 *
 * Layout of the folder:
 *   000000000042-<uuid>.batch   one line of JSON header (id, seq, lines, file positions), then the gzip body
 *   state.json                  file positions as of some batch (see below)
 *   rejected/                   batches the station refused for good, with a .reason.txt each
 *   forwarder.lock              the pid of the forwarder using this folder
 *
 * File positions (where each file was read up to, for the lines that are in the spool) travel
 * in each batch's header, written with the batch in one fsync. state.json only has to carry
 * them when no batch does: when a file is opened before any line of it is spooled, and before
 * the newest batch leaves the spool. A restart takes whichever is newer, so lines are neither
 * read twice nor skipped, wherever we crash. (One fsync per batch on the reading side; the
 * state write, when needed, happens on the sending side.)
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilePosition } from './file-identity';

export interface SpooledBatch {
  seq: number;
  id: string;
  /** File name inside the spool folder. */
  name: string;
  /** Size on disk. */
  bytes: number;
}

export interface BatchHeader {
  v: 1;
  id: string;
  seq: number;
  lines: number;
  created: number;
  positions: FilePosition[];
}

interface StateFile {
  v: 1;
  seq: number;
  positions: FilePosition[];
}

export class SpoolLockedError extends Error {}

const BATCH_NAME = /^([0-9]{12})-([A-Za-z0-9-]{1,100})\.batch$/;

/** fsync a folder so a rename or unlink in it survives a power cut (not possible on Windows). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Write, fsync, rename into place, fsync the folder: the file is whole or absent. */
async function writeDurably(dir: string, name: string, chunks: Uint8Array[]): Promise<number> {
  const tmp = join(dir, `${name}.tmp`);
  const fh = await open(tmp, 'w');
  let bytes = 0;
  try {
    for (const c of chunks) {
      await fh.write(c);
      bytes += c.length;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, name));
  await syncDir(dir);
  return bytes;
}

function isPosition(v: unknown): v is FilePosition {
  const p = v as FilePosition;
  return typeof p === 'object' && p !== null && typeof p.path === 'string' && typeof p.dev === 'string' && typeof p.ino === 'string' &&
    typeof p.head === 'string' && Number.isSafeInteger(p.offset) && p.offset >= 0;
}

function parseHeader(buf: Buffer): { header: BatchHeader; body: Buffer } {
  const nl = buf.indexOf(10);
  if (nl === -1) throw new Error('no header line');
  const header = JSON.parse(buf.toString('utf8', 0, nl)) as BatchHeader;
  if (header.v !== 1 || typeof header.id !== 'string' || !Number.isSafeInteger(header.seq) || !Array.isArray(header.positions)) {
    throw new Error('unreadable header');
  }
  header.positions = header.positions.filter(isPosition);
  return { header, body: buf.subarray(nl + 1) };
}

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SpoolOptions {
  maxBytes: number;
  /** Called when a batch leaves the spool (there may be room to read again). */
  onDrain?: () => void;
  log?: (message: string) => void;
}

export class Spool {
  /** Durable resume points by path: those of the newest spooled batch, or of files opened since. */
  readonly positions = new Map<string, FilePosition>();
  private readonly queue: SpooledBatch[] = [];
  private bytes = 0;
  /** The last sequence number given out. */
  private seq = 0;
  /** The newest batch on disk; `positions` includes its marks. */
  private durableSeq = 0;
  private stateWrites: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly opts: SpoolOptions,
  ) {}

  get rejectedDir(): string {
    return join(this.dir, 'rejected');
  }

  /** Open (creating) the folder, take its lock, and load what an earlier run left. */
  static async open(dir: string, opts: SpoolOptions): Promise<Spool> {
    const spool = new Spool(dir, opts);
    await mkdir(spool.rejectedDir, { recursive: true });
    await spool.lock();
    await spool.load();
    return spool;
  }

  /** Batches waiting to be sent, oldest first. */
  get pending(): readonly SpooledBatch[] {
    return this.queue;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  /** At or over the size cap: stop reading until batches leave. */
  get full(): boolean {
    return this.bytes >= this.opts.maxBytes;
  }

  /**
   * Spool a batch: the gzip body, its line count, and the position after its last line in each
   * file it read from. Resolves once it is on disk together with the new resume points.
   */
  async add(body: Uint8Array, lines: number, marks: Iterable<FilePosition>): Promise<SpooledBatch> {
    const seq = ++this.seq;
    const id = randomUUID();
    const next = new Map(this.positions);
    for (const m of marks) next.set(m.path, m);
    const header: BatchHeader = { v: 1, id, seq, lines, created: Date.now(), positions: [...next.values()] };
    const name = `${String(seq).padStart(12, '0')}-${id}.batch`;
    const bytes = await writeDurably(this.dir, name, [Buffer.from(`${JSON.stringify(header)}\n`), body]);
    // Only now may anyone (state.json) claim these lines are safe.
    for (const m of marks) this.positions.set(m.path, m);
    this.durableSeq = seq;
    const batch: SpooledBatch = { seq, id, name, bytes };
    this.queue.push(batch);
    this.bytes += bytes;
    return batch;
  }

  /** A file opened where no batch has a position for its path yet: remember where it starts. */
  async notePosition(pos: FilePosition): Promise<void> {
    if (this.positions.has(pos.path)) return;
    this.positions.set(pos.path, pos);
    await this.saveState();
  }

  async read(batch: SpooledBatch): Promise<{ header: BatchHeader; body: Buffer }> {
    return parseHeader(await readFile(join(this.dir, batch.name)));
  }

  /** The station stored it (2xx): delete it. */
  async ack(batch: SpooledBatch): Promise<void> {
    await this.beforeLeaving(batch);
    await unlink(join(this.dir, batch.name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    this.forget(batch);
  }

  /** The station refused it for good: keep it under rejected/ with the reason, never resend it. */
  async reject(batch: SpooledBatch, reason: string): Promise<string> {
    const target = join(this.rejectedDir, batch.name);
    await this.beforeLeaving(batch);
    await writeFile(`${target}.reason.txt`, `${reason}\n`);
    await rename(join(this.dir, batch.name), target);
    await syncDir(this.dir);
    this.forget(batch);
    return target;
  }

  /** Lines of an accepted batch that the station refused one by one, kept next to rejected batches. */
  async keepRejectedLines(batch: SpooledBatch, entries: { index: number; error: string; line: string | undefined }[]): Promise<string> {
    const target = join(this.rejectedDir, `${batch.name.replace(/\.batch$/, '')}.lines.ndjson`);
    await writeFile(target, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return target;
  }

  /** Put rejected batches back in the queue (after fixing what made them fail, e.g. the token). */
  async requeueRejected(): Promise<number> {
    let n = 0;
    for (const name of (await readdir(this.rejectedDir)).sort()) {
      if (!BATCH_NAME.test(name)) continue;
      await rename(join(this.rejectedDir, name), join(this.dir, name));
      await unlink(join(this.rejectedDir, `${name}.reason.txt`)).catch(() => undefined);
      n++;
    }
    if (n > 0) {
      await syncDir(this.dir);
      this.queue.length = 0;
      this.bytes = 0;
      await this.scan();
    }
    return n;
  }

  /** Save the positions and give the folder up. */
  async close(): Promise<void> {
    await this.saveState().catch((e: Error) => this.opts.log?.(`could not save state.json: ${e.message}`));
    await unlink(join(this.dir, 'forwarder.lock')).catch(() => undefined);
  }

  /** The newest batch carries the newest positions: put them in state.json before it goes. */
  private async beforeLeaving(batch: SpooledBatch): Promise<void> {
    if (batch.seq >= this.durableSeq) await this.saveState();
  }

  private forget(batch: SpooledBatch): void {
    const i = this.queue.findIndex((b) => b.seq === batch.seq);
    if (i !== -1) {
      this.queue.splice(i, 1);
      this.bytes -= batch.bytes;
    }
    this.opts.onDrain?.();
  }

  /** state.json, written one at a time (tmp + fsync + rename). */
  private saveState(): Promise<void> {
    const state: StateFile = { v: 1, seq: this.durableSeq, positions: [...this.positions.values()] };
    const text = Buffer.from(JSON.stringify(state));
    const write = this.stateWrites.catch(() => undefined).then(() => writeDurably(this.dir, 'state.json', [text]).then(() => undefined));
    this.stateWrites = write;
    return write;
  }

  private async lock(): Promise<void> {
    const path = join(this.dir, 'forwarder.lock');
    for (let tries = 0; tries < 3; tries++) {
      try {
        await writeFile(path, String(process.pid), { flag: 'wx' });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (processAlive(pid)) {
        throw new SpoolLockedError(`the spool folder ${this.dir} is in use by another forwarder (pid ${pid}); give this one its own --spool-dir`);
      }
      await unlink(path).catch(() => undefined); // left by a forwarder that died
    }
    throw new SpoolLockedError(`could not lock the spool folder ${this.dir}`);
  }

  private async load(): Promise<void> {
    let stateSeq = 0;
    try {
      const state = JSON.parse(await readFile(join(this.dir, 'state.json'), 'utf8')) as StateFile;
      if (Number.isSafeInteger(state.seq)) stateSeq = state.seq;
      for (const p of Array.isArray(state.positions) ? state.positions : []) if (isPosition(p)) this.positions.set(p.path, p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.log?.(`state.json is unreadable (${(e as Error).message}); resuming from the batch headers`);
    }
    await this.scan();
    this.seq = stateSeq;
    for (const name of await readdir(this.rejectedDir)) {
      const m = BATCH_NAME.exec(name);
      if (m) this.seq = Math.max(this.seq, Number(m[1]));
    }
    this.durableSeq = stateSeq;
    const newest = this.queue.at(-1);
    if (newest) {
      this.seq = Math.max(this.seq, newest.seq);
      this.durableSeq = Math.max(this.durableSeq, newest.seq);
      // Written after the batch: if we stopped in between, the batch header is the newer truth.
      if (newest.seq > stateSeq) {
        try {
          const { header } = await this.read(newest);
          for (const p of header.positions) this.positions.set(p.path, p);
        } catch (e) {
          this.opts.log?.(`${newest.name} is unreadable (${(e as Error).message}); resuming from state.json`);
        }
      }
    }
  }

  /** Pending batches on disk, in sequence order; unfinished writes (*.tmp) are discarded. */
  private async scan(): Promise<void> {
    const found: SpooledBatch[] = [];
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp')) {
        await unlink(join(this.dir, name)).catch(() => undefined);
        continue;
      }
      const m = BATCH_NAME.exec(name);
      if (!m) continue;
      const st = await stat(join(this.dir, name));
      found.push({ seq: Number(m[1]), id: m[2] as string, name, bytes: st.size });
    }
    found.sort((a, b) => a.seq - b.seq);
    for (const b of found) {
      this.queue.push(b);
      this.bytes += b.bytes;
    }
  }
}
