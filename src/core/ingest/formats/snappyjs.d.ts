/** snappyjs ships no types; these are the two functions it exports (block format, no framing). */
declare module 'snappyjs' {
  /** Throws when the stream is invalid or declares more than `maxLength` bytes. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
