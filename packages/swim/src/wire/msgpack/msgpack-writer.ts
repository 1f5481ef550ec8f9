import { WireError } from '../errors.js';

const textEncoder = new TextEncoder();

/** How signed Go `int` fields ≥ 128 are written; both Go codec generations accept both. */
export type IntFormat = 'unsigned' | 'signed';

const SLAB_SIZE = 64 * 1024;
const MIN_FREE = 8 * 1024;

/**
 * A msgpack writer that writes exactly what memberlist's Go codec writes: fixmap headers, the str
 * family only (fixstr/str16/str32 — never str8 or bin) for strings *and* bytes, the smallest
 * unsigned integer forms, `c2`/`c3` booleans, nil.
 *
 * It writes into a slab shared by successive messages, like Node's Buffer pool: {@link
 * MsgpackWriter.reset} starts a new message after the previous one and {@link MsgpackWriter.finish}
 * returns a view of it (no copy). Views never overlap, so a result stays valid after later
 * encodes; note its `byteOffset` may be non-zero (use `byteOffset`/`byteLength` with `.buffer`).
 */
export class MsgpackWriter {
  /** Backing slab. */
  buf: Uint8Array;
  /** Absolute index of the next byte to write. */
  pos = 0;
  /** Absolute index where the current message starts. */
  start = 0;

  /** @param initialSize - size of the first slab in bytes. @default 65536 */
  constructor(initialSize = SLAB_SIZE) {
    this.buf = new Uint8Array(initialSize);
  }

  /** Start a new message after the previous one (8-byte aligned), taking a new slab when low. */
  reset(): void {
    const at = (this.pos + 7) & ~7;
    if (this.buf.length - at < MIN_FREE) {
      this.buf = new Uint8Array(SLAB_SIZE);
      this.start = this.pos = 0;
    } else {
      this.start = this.pos = at;
    }
  }

  /** Make room for `n` more bytes, moving the current message to a bigger slab if needed. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    let size = Math.max(SLAB_SIZE, this.buf.length);
    while (size < 2 * (used + n)) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(this.start, this.pos));
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  /** Bytes written for the current message. */
  get length(): number {
    return this.pos - this.start;
  }

  /** The current message: a view of the slab (see the class notes). */
  finish(): Uint8Array {
    return this.buf.subarray(this.start, this.pos);
  }

  /** Write one raw byte. */
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Write raw bytes (no msgpack header). */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Write a fixmap header; memberlist structs have at most 8 fields. */
  fixmap(n: number): void {
    this.byte(0x80 | n);
  }

  /** Write nil. */
  nil(): void {
    this.byte(0xc0);
  }

  /** Write a bool. */
  bool(v: boolean): void {
    this.byte(v ? 0xc3 : 0xc2);
  }

  /** Write a str header for `n` bytes: fixstr, str16 or str32 (Go's old "raw" family). */
  strHeader(n: number): void {
    this.ensure(5);
    const b = this.buf;
    let p = this.pos;
    if (n < 32) b[p++] = 0xa0 | n;
    else if (n < 0x1_0000) {
      b[p++] = 0xda;
      b[p++] = n >>> 8;
      b[p++] = n & 0xff;
    } else {
      b[p++] = 0xdb;
      b[p++] = n >>> 24;
      b[p++] = (n >>> 16) & 0xff;
      b[p++] = (n >>> 8) & 0xff;
      b[p++] = n & 0xff;
    }
    this.pos = p;
  }

  /** Write bytes as a raw str (what Go does for `[]byte`); `null` → nil. */
  bytes(v: Uint8Array | null): void {
    if (v === null) return this.nil();
    this.strHeader(v.length);
    this.raw(v);
  }

  /** Write a string as a raw str of its UTF-8 bytes. */
  string(s: string): void {
    const n = s.length;
    if (n < 32) {
      // Fast path for short ASCII: write in place.
      this.ensure(n + 1);
      const b = this.buf;
      const p = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p + 1 + i] = c;
      }
      if (i === n) {
        b[p] = 0xa0 | n;
        this.pos = p + 1 + n;
        return;
      }
    }
    const bytes = textEncoder.encode(s);
    this.strHeader(bytes.length);
    this.raw(bytes);
  }

  /**
   * Write a non-negative integer in its smallest unsigned form (fixint, cc, cd, ce).
   *
   * @throws {@link WireError} `ERR_ENCODE` if `v` is not an integer in 0..2^32-1.
   */
  uint(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) {
      throw new WireError('ERR_ENCODE', `not a uint32: ${v}`);
    }
    this.ensure(5);
    const b = this.buf;
    let p = this.pos;
    if (v < 0x80) b[p++] = v;
    else if (v < 0x100) {
      b[p++] = 0xcc;
      b[p++] = v;
    } else if (v < 0x1_0000) {
      b[p++] = 0xcd;
      b[p++] = v >>> 8;
      b[p++] = v & 0xff;
    } else {
      b[p++] = 0xce;
      b[p++] = v >>> 24;
      b[p++] = (v >>> 16) & 0xff;
      b[p++] = (v >>> 8) & 0xff;
      b[p++] = v & 0xff;
    }
    this.pos = p;
  }

  /**
   * Write a Go `int`. 0–127 as fixint; larger values as `cc/cd/ce` (go-msgpack v0.5.x,
   * `'unsigned'`) or `d1/d2` (go-msgpack v2, `'signed'`); negatives as negative fixint/d0/d1/d2.
   *
   * @param format - codec generation to imitate. @default 'unsigned'
   * @throws {@link WireError} `ERR_ENCODE` if `v` is not an integer in -2^31..2^32-1.
   */
  int(v: number, format: IntFormat = 'unsigned'): void {
    if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0xffff_ffff) {
      throw new WireError('ERR_ENCODE', `not an int32: ${v}`);
    }
    if (v >= 0 && (v < 0x80 || format === 'unsigned')) return this.uint(v);
    this.ensure(9);
    const b = this.buf;
    let p = this.pos;
    if (v < 0 && v >= -32) b[p++] = v & 0xff;
    else if (v < 0 && v >= -0x80) {
      b[p++] = 0xd0;
      b[p++] = v & 0xff;
    } else if (v >= -0x8000 && v <= 0x7fff) {
      b[p++] = 0xd1;
      b[p++] = (v >> 8) & 0xff;
      b[p++] = v & 0xff;
    } else if (v >= -0x8000_0000 && v <= 0x7fff_ffff) {
      b[p++] = 0xd2;
      b[p++] = (v >> 24) & 0xff;
      b[p++] = (v >> 16) & 0xff;
      b[p++] = (v >> 8) & 0xff;
      b[p++] = v & 0xff;
    } else {
      // 2^31..2^32-1: int64 (d3) with a zero high word.
      b[p++] = 0xd3;
      for (let i = 0; i < 4; i++) b[p++] = 0;
      b[p++] = v >>> 24;
      b[p++] = (v >>> 16) & 0xff;
      b[p++] = (v >>> 8) & 0xff;
      b[p++] = v & 0xff;
    }
    this.pos = p;
  }
}
