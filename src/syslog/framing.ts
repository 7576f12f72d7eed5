/**
 * Syslog over TCP (RFC 6587) → frames. Each frame picks its own framing, as rsyslog's imtcp
 * does: `LEN SP <…` (digits, a space, then the `<` every syslog message starts with) is octet
 * counted; anything else runs to the next LF (a trailing CR is dropped). Requiring the `<` keeps
 * a garbage line such as "42 apples\n" from being read as a 42-byte count that would swallow
 * the lines after it.
 *
 * Frames longer than `maxFrame` bytes are cut: the first `maxFrame` bytes are delivered with
 * `cut = true` and the rest is skipped (to the end of the count, or to the next LF). Memory per
 * connection is bounded by `maxFrame` plus one read.
 */

export type FrameSink = (frame: Buffer, cut: boolean) => void;

type Mode = 'detect' | 'line' | 'skip-line' | 'counted';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const LT = 0x3c;
const MAX_COUNT_DIGITS = 9;

export class SyslogFramer {
  private mode: Mode = 'detect';
  /** Bytes kept while deciding a frame's framing (a few digits at most). */
  private head: Buffer | null = null;
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Octet-counted: bytes of the current frame still to come. */
  private remaining = 0;
  private declared = 0;

  constructor(private readonly maxFrame = 65_536) {}

  push(chunk: Buffer, sink: FrameSink): void {
    let buf = chunk;
    if (this.head) {
      buf = Buffer.concat([this.head, chunk]);
      this.head = null;
    }
    let pos = 0;
    while (pos < buf.length) {
      switch (this.mode) {
        case 'detect':
          pos = this.detect(buf, pos);
          if (pos < 0) return; // waiting for more bytes
          break;
        case 'line': {
          const lf = buf.indexOf(LF, pos);
          const end = lf === -1 ? buf.length : lf;
          this.collect(buf.subarray(pos, end));
          if (this.partsLength > this.maxFrame) {
            sink(this.take(this.maxFrame), true);
            this.mode = lf === -1 ? 'skip-line' : 'detect';
          } else if (lf !== -1) {
            let frame = this.take(this.partsLength);
            if (frame.length > 0 && frame[frame.length - 1] === CR) frame = frame.subarray(0, -1);
            if (frame.length > 0) sink(frame, false);
            this.mode = 'detect';
          }
          pos = lf === -1 ? buf.length : lf + 1;
          break;
        }
        case 'skip-line': {
          const lf = buf.indexOf(LF, pos);
          if (lf === -1) return;
          pos = lf + 1;
          this.mode = 'detect';
          break;
        }
        case 'counted': {
          const n = Math.min(this.remaining, buf.length - pos);
          const room = Math.max(0, this.maxFrame - this.partsLength);
          if (room > 0) this.collect(buf.subarray(pos, pos + Math.min(n, room)));
          this.remaining -= n;
          pos += n;
          if (this.remaining === 0) {
            sink(this.take(this.partsLength), this.declared > this.maxFrame);
            this.mode = 'detect';
          }
          break;
        }
      }
    }
  }

  /** The peer closed: deliver a last line that had no LF, or what arrived of a counted frame. */
  end(sink: FrameSink): void {
    if (this.head && this.head.length > 0) this.collect(this.head);
    this.head = null;
    if ((this.mode === 'line' || this.mode === 'counted' || this.mode === 'detect') && this.partsLength > 0) {
      sink(this.take(Math.min(this.partsLength, this.maxFrame)), false);
    }
    this.mode = 'detect';
  }

  /** Bytes held for frames not yet complete. */
  get buffered(): number {
    return this.partsLength + (this.head?.length ?? 0);
  }

  /** Decide the next frame's framing; returns the new position, or -1 when more bytes are needed. */
  private detect(buf: Buffer, from: number): number {
    let pos = from;
    // Blank lines between frames, and the LF some senders put after a counted frame.
    while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) pos++;
    if (pos === buf.length) return pos;
    let j = pos;
    while (j < buf.length && j - pos <= MAX_COUNT_DIGITS && (buf[j] as number) >= 0x30 && (buf[j] as number) <= 0x39) j++;
    const digits = j - pos;
    if (digits > 0 && digits <= MAX_COUNT_DIGITS) {
      // Need the byte after the digits, and the one after the space, to decide.
      if (j >= buf.length || (buf[j] === SP && j + 1 >= buf.length)) {
        this.head = Buffer.from(buf.subarray(pos));
        return -1;
      }
      const count = Number(buf.toString('latin1', pos, j));
      if (buf[j] === SP && buf[j + 1] === LT && count > 0) {
        this.mode = 'counted';
        this.remaining = count;
        this.declared = count;
        return j + 1;
      }
    }
    this.mode = 'line';
    return pos;
  }

  private collect(b: Buffer): void {
    if (b.length === 0) return;
    this.parts.push(b);
    this.partsLength += b.length;
  }

  /** The collected bytes (at most `max`), and reset. */
  private take(max: number): Buffer {
    const all = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partsLength);
    this.parts = [];
    this.partsLength = 0;
    return all.length > max ? all.subarray(0, max) : all;
  }
}
