import { WireError } from './errors.js';

const textEncoder = new TextEncoder();

/** How signed Go `int` fields ≥ 128 are written; both Go codec generations accept both. */
export type IntFormat = 'unsigned' | 'signed';

/**
 * A growable msgpack writer that writes exactly what memberlist's Go codec writes: fixmap
 * headers, the str family only (fixstr/str16/str32 — never str8 or bin) for strings *and* bytes,
 * the smallest unsigned integer forms, `c2`/`c3` booleans, nil. One instance can be reused:
 * {@link MsgpackWriter.reset} rewinds it and {@link MsgpackWriter.finish} copies out the result.
 */
export class MsgpackWriter {
  /** Backing storage; grows by doubling. */
  buf: Uint8Array;
  /** Bytes written so far. */
  pos = 0;

  /** @param initialSize - initial capacity in bytes. @default 256 */
  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
  }

  /** Rewind to empty, keeping the storage. */
  reset(): void {
    this.pos = 0;
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
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
