/**
 * How the forwarder knows a file: device + inode + its first bytes (the "head"). The inode says
 * which file a path names now; the head tells a reused inode, or a file truncated and written
 * again, from the file we were reading.
 */

export const HEAD_BYTES = 256;

/** A durable resume point: which file, and the offset just after the last line shipped. */
export interface FilePosition {
  path: string;
  dev: string;
  ino: string;
  /** The file's first bytes (base64), to tell a reused inode or a rewritten file apart. */
  head: string;
  offset: number;
}

/** One file's identity. `head` grows as the file does, up to HEAD_BYTES. */
export interface FileId {
  dev: string;
  ino: string;
  head: Buffer;
}

export function toPosition(path: string, file: FileId, offset: number): FilePosition {
  return { path, dev: file.dev, ino: file.ino, head: file.head.toString('base64'), offset };
}

export function sameInode(a: { dev: string; ino: string }, b: { dev: string; ino: string }): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Whether one head is a prefix of the other (the file grew) rather than different content. */
export function headsAgree(a: Buffer, b: Buffer): boolean {
  const n = Math.min(a.length, b.length);
  return a.subarray(0, n).equals(b.subarray(0, n));
}

/**
 * Files this run knows, by inode: how far they were read and which tailer reads each now. One
 * file is read by one tailer (two globs, or a glob matching a rotated name, must not ship it
 * twice), and a file seen before continues where it stopped.
 */
export class FileRegistry {
  private readonly files = new Map<string, { owner: string | null; id: FileId; offset: number }>();

  private static key(id: { dev: string; ino: string }): string {
    return `${id.dev}:${id.ino}`;
  }

  /** A position saved by an earlier run. */
  remember(pos: FilePosition): void {
    this.files.set(FileRegistry.key(pos), { owner: null, id: { dev: pos.dev, ino: pos.ino, head: Buffer.from(pos.head, 'base64') }, offset: pos.offset });
  }

  /** Take `id` for `owner`: busy if another tailer has it, else how far it was read (undefined: never). */
  claim(owner: string, id: FileId): { busy: true } | { busy: false; offset: number | undefined } {
    const key = FileRegistry.key(id);
    const known = this.files.get(key);
    if (known && headsAgree(known.id.head, id.head)) {
      if (known.owner !== null && known.owner !== owner) return { busy: true };
      known.owner = owner;
      return { busy: false, offset: known.offset };
    }
    // Unknown, or the inode now holds other content: a new file.
    this.files.set(key, { owner, id, offset: 0 });
    return { busy: false, offset: undefined };
  }

  /** `owner`'s file was rewritten in place: same inode, new content, read from 0. */
  reset(owner: string, id: FileId): void {
    this.files.set(FileRegistry.key(id), { owner, id, offset: 0 });
  }

  release(owner: string, id: FileId, offset: number): void {
    const known = this.files.get(FileRegistry.key(id));
    if (known && known.owner === owner) {
      known.owner = null;
      known.offset = offset;
      known.id = id;
    }
  }

  /** An earlier position of this inode, if its head agrees. */
  lookup(dev: string, ino: string, head: Buffer): number | undefined {
    const known = this.files.get(FileRegistry.key({ dev, ino }));
    return known && headsAgree(known.id.head, head) ? known.offset : undefined;
  }
}

