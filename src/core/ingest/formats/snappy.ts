/**
 * Snappy block format (what Prometheus remote write and Loki's protobuf push send: no framing,
 * no checksums). The uncompressed length is a varint at the front; it is read and checked
 * against the limit before anything is allocated, so a small body claiming gigabytes is a 413,
 * not an out-of-memory. The element stream is then walked once without writing: snappyjs
 * neither notices a stream that writes past the declared length (it drops the excess) nor one
 * that stops short (it leaves zeros), and either would hand the protobuf decoder a silently
 * altered message.
 */
import { uncompress } from 'snappyjs';
import { ApiError } from '../../../shared/api/errors';

/** The declared uncompressed length, or null when the varint is malformed (over 32 bits or cut short). */
export function snappyDeclaredLength(body: Uint8Array): number | null {
  let length = 0;
  for (let i = 0; i < 5 && i < body.length; i++) {
    const byte = body[i] as number;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return length <= 0xffffffff ? length : null;
  }
  return null;
}

/** Header varint's size in bytes (only called once snappyDeclaredLength succeeded). */
function headerSize(body: Uint8Array): number {
  let i = 0;
  while (((body[i] as number) & 0x80) !== 0) i++;
  return i + 1;
}

/**
 * True when the elements after the header produce exactly `declared` bytes, every literal lies
 * within the body, and every copy points into bytes already produced.
 */
export function snappyElementsValid(body: Uint8Array, declared: number): boolean {
  const n = body.length;
  let pos = headerSize(body);
  let out = 0;
  const at = (i: number) => body[i] as number;
  while (pos < n) {
    const tag = at(pos++);
    let len: number;
    if ((tag & 3) === 0) {
      len = (tag >>> 2) + 1;
      if (len > 60) {
        const bytes = len - 60;
        if (pos + bytes > n) return false;
        len = 1;
        for (let i = 0; i < bytes; i++) len += at(pos + i) * 2 ** (8 * i);
        pos += bytes;
      }
      if (pos + len > n) return false;
      pos += len;
    } else {
      let offset: number;
      if ((tag & 3) === 1) {
        if (pos + 1 > n) return false;
        len = ((tag >>> 2) & 7) + 4;
        offset = (tag >>> 5) * 256 + at(pos);
        pos += 1;
      } else if ((tag & 3) === 2) {
        if (pos + 2 > n) return false;
        len = (tag >>> 2) + 1;
        offset = at(pos) + at(pos + 1) * 256;
        pos += 2;
      } else {
        if (pos + 4 > n) return false;
        len = (tag >>> 2) + 1;
        offset = at(pos) + at(pos + 1) * 2 ** 8 + at(pos + 2) * 2 ** 16 + at(pos + 3) * 2 ** 24;
        pos += 4;
      }
      if (offset === 0 || offset > out) return false;
    }
    out += len;
    if (out > declared) return false;
  }
  return out === declared;
}

export function snappyUncompress(body: Uint8Array, maxBytes: number): Buffer {
  const declared = snappyDeclaredLength(body);
  if (declared === null) throw new ApiError('bad_request', 'body: not valid snappy data (bad length header); send the snappy block format');
  if (declared > maxBytes) throw new ApiError('payload_too_large', `body: declares ${declared} bytes once decompressed; the limit is ${maxBytes}`);
  if (!snappyElementsValid(body, declared)) throw new ApiError('bad_request', 'body: not valid snappy data (the stream does not match its declared length); send the snappy block format');
  try {
    return uncompress(Buffer.from(body.buffer, body.byteOffset, body.byteLength), maxBytes);
  } catch {
    throw new ApiError('bad_request', 'body: not valid snappy data; send the snappy block format');
  }
}
