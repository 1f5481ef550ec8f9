import { MAX_SKIP_DEPTH } from '../constants.js';
import { TruncatedError, WireError } from '../errors.js';

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * A cursor over msgpack bytes that reads values the way Go's go-msgpack (v0.5.x and v2) accepts
 * them for memberlist's field types: any integer width, str or bin for bytes, nil as zero value.
 * Every length is checked against the bytes present before anything is allocated; running out of
 * input throws a {@link TruncatedError} (`ERR_DECODE`), any other malformation a `WireError`.
 *
 * Byte values are returned as subarrays of the input (no copy).
 */
export class MsgpackReader {
  /** The bytes being read. */
  readonly buf: Uint8Array;
  /** Index of the next unread byte. */
  pos: number;
  /** Index one past the last readable byte. */
  readonly end: number;

  /**
   * @param buf - input bytes.
   * @param pos - first byte to read. @default 0
   * @param end - one past the last readable byte. @default buf.length
   */
  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.end - this.pos < n) throw new TruncatedError(what);
  }

  /** Read one byte. @throws {@link WireError} `ERR_DECODE` at end of input. */
  byte(): number {
    if (this.pos >= this.end) throw new TruncatedError('a msgpack value');
    return this.buf[this.pos++]!;
  }

  private u16(): number {
    this.need(2, 'a 16-bit value');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  private u32(): number {
    this.need(4, 'a 32-bit value');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  /**
   * Read a map header (fixmap, map16, map32) and return the entry count. nil counts as an empty
   * map (Go leaves the struct zero). Counts that cannot fit in the remaining bytes are refused.
   *
   * @throws {@link WireError} `ERR_DECODE` for any other type or an impossible count.
   */
  mapHeader(): number {
    const t = this.byte();
    let n: number;
    if (t >= 0x80 && t <= 0x8f) n = t & 0x0f;
    else if (t === 0xde) n = this.u16();
    else if (t === 0xdf) n = this.u32();
    else if (t === 0xc0) return 0;
    else throw new WireError('ERR_DECODE', `expected a msgpack map, found 0x${hex(t)}`);
    if (n * 2 > this.end - this.pos) throw new TruncatedError(`a map of ${n} entries`);
    return n;
  }

  /**
   * Read the header of a struct: a map (→ entry count ≥ 0) or, as Go also accepts, a positional
   * array of the fields in declaration order (→ `-(count + 1)`). nil is an empty map.
   *
   * @throws {@link WireError} `ERR_DECODE` for any other type or an impossible count.
   */
  structHeader(): number {
    const t = this.buf[this.pos];
    if (t === undefined) throw new TruncatedError('a msgpack map');
    if ((t >= 0x90 && t <= 0x9f) || t === 0xdc || t === 0xdd) {
      this.pos++;
      const n = this.arrayLength(t);
      if (n > this.end - this.pos) throw new TruncatedError(`an array of ${n} items`);
      return -(n + 1);
    }
    return this.mapHeader();
  }

  /**
   * Read a str/bin header at the cursor if there is one and return its length, else -1 without
   * moving the cursor.
   */
  private rawHeader(t: number): number {
    if (t >= 0xa0 && t <= 0xbf) return t & 0x1f;
    switch (t) {
      case 0xd9:
      case 0xc4:
        this.need(1, 'a length');
        return this.buf[this.pos++]!;
      case 0xda:
      case 0xc5:
        return this.u16();
      case 0xdb:
      case 0xc6:
        return this.u32();
      default:
        return -1;
    }
  }

  /**
   * Read a Go `[]byte` field: any str or bin type, nil (→ `null`), or an array of integers
   * 0–255 (accepted by Go, never sent by it). Returns a subarray of the input, except for arrays.
   *
   * @throws {@link WireError} `ERR_DECODE` for other types.
   */
  bytes(): Uint8Array | null {
    const t = this.byte();
    if (t === 0xc0) return null;
    const n = this.rawHeader(t);
    if (n >= 0) {
      this.need(n, `a ${n}-byte string`);
      const start = this.pos;
      this.pos = start + n;
      return this.buf.subarray(start, start + n);
    }
    const count = this.arrayLength(t);
    if (count < 0) throw new WireError('ERR_DECODE', `expected bytes, found 0x${hex(t)}`);
    if (count > this.end - this.pos) throw new TruncatedError(`an array of ${count} bytes`);
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = this.uint(0xff);
    return out;
  }

  /**
   * Like {@link MsgpackReader.bytes} but returns a copy (decoded values must not pin the input),
   * made without an intermediate view.
   *
   * @throws {@link WireError} `ERR_DECODE` for other types.
   */
  bytesCopy(): Uint8Array | null {
    const t = this.buf[this.pos];
    if (t !== undefined && t >= 0xa0 && t <= 0xbf) {
      const n = t & 0x1f;
      const start = this.pos + 1;
      if (start + n > this.end) throw new TruncatedError(`a ${n}-byte string`);
      const out = new Uint8Array(n);
      const b = this.buf;
      for (let i = 0; i < n; i++) out[i] = b[start + i]!;
      this.pos = start + n;
      return out;
    }
    const v = this.bytes();
    return v === null ? null : v.slice();
  }

  private arrayLength(t: number): number {
    if (t >= 0x90 && t <= 0x9f) return t & 0x0f;
    if (t === 0xdc) return this.u16();
    if (t === 0xdd) return this.u32();
    return -1;
  }

  /**
   * Read a Go `string` field: any str type (or bin, which go-msgpack v2 accepts), nil → `""`.
   * Invalid UTF-8 is replaced by U+FFFD rather than rejected, like a JS string must.
   *
   * @throws {@link WireError} `ERR_DECODE` for other types.
   */
  string(): string {
    const t = this.byte();
    if (t === 0xc0) return '';
    const n = this.rawHeader(t);
    if (n < 0) throw new WireError('ERR_DECODE', `expected a string, found 0x${hex(t)}`);
    this.need(n, `a ${n}-byte string`);
    const start = this.pos;
    this.pos = start + n;
    return decodeUtf8(this.buf, start, start + n);
  }

  /**
   * Read an unsigned Go integer (uint8/16/32) in any msgpack integer form, nil → 0.
   *
   * @param max - the largest value the Go field can hold.
   * @throws {@link WireError} `ERR_DECODE` for floats, negative or out-of-range values.
   */
  uint(max: number): number {
    const v = this.int();
    if (v < 0 || v > max) throw new WireError('ERR_DECODE', `integer ${v} out of range 0..${max}`);
    return v;
  }

  /**
   * Read a signed Go `int` in any msgpack integer form, nil → 0. Values beyond ±2^53 are refused
   * (no memberlist field can legitimately hold them).
   *
   * @throws {@link WireError} `ERR_DECODE` for floats, non-integers or unsafe magnitudes.
   */
  int(): number {
    const t = this.byte();
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    const b = this.buf;
    switch (t) {
      case 0xcc:
        this.need(1, 'a uint8');
        return b[this.pos++]!;
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf: {
        const hi = this.u32();
        const lo = this.u32();
        if (hi > 0x1fffff) throw new WireError('ERR_DECODE', 'uint64 beyond 2^53');
        return hi * 0x1_0000_0000 + lo;
      }
      case 0xd0: {
        this.need(1, 'an int8');
        const v = b[this.pos++]!;
        return v > 0x7f ? v - 0x100 : v;
      }
      case 0xd1: {
        const v = this.u16();
        return v > 0x7fff ? v - 0x1_0000 : v;
      }
      case 0xd2:
        return this.u32() | 0;
      case 0xd3: {
        const hi = this.u32() | 0;
        const lo = this.u32();
        if (hi > 0x1fffff || hi < -0x200000) throw new WireError('ERR_DECODE', 'int64 beyond 2^53');
        return hi * 0x1_0000_0000 + lo;
      }
      case 0xc0:
        return 0;
      case 0xca:
      case 0xcb:
        throw new WireError('ERR_DECODE', 'a float where Go expects an integer');
      default:
        throw new WireError('ERR_DECODE', `expected an integer, found 0x${hex(t)}`);
    }
  }

  /**
   * Read a Go `bool`: `c2`/`c3`, fixint 0/1, or nil (→ false).
   *
   * @throws {@link WireError} `ERR_DECODE` for anything else.
   */
  bool(): boolean {
    const t = this.byte();
    if (t === 0xc3 || t === 0x01) return true;
    if (t === 0xc2 || t === 0x00 || t === 0xc0) return false;
    throw new WireError('ERR_DECODE', `expected a bool, found 0x${hex(t)}`);
  }

  /**
   * Read a map key as a string. Keys are ASCII field names in practice; any str type is accepted
   * and other key types yield `null` (the value is then skipped by the caller).
   */
  key(): string | null {
    const t = this.buf[this.pos];
    if (t !== undefined && t >= 0xa0 && t <= 0xbf) {
      const n = t & 0x1f;
      this.pos++;
      this.need(n, 'a map key');
      const start = this.pos;
      this.pos = start + n;
      return decodeUtf8(this.buf, start, start + n);
    }
    if (t === 0xd9 || t === 0xda || t === 0xdb || t === 0xc4 || t === 0xc5 || t === 0xc6)
      return this.string();
    this.skip();
    return null;
  }

  /**
   * Skip one value of any type, nested maps/arrays included, without allocating.
   *
   * @throws {@link WireError} `ERR_DECODE` for the reserved byte 0xc1, nesting deeper than
   *   {@link MAX_SKIP_DEPTH}, or truncated input.
   */
  skip(depth = 0): void {
    if (depth > MAX_SKIP_DEPTH) throw new WireError('ERR_DECODE', 'msgpack nesting too deep');
    const t = this.byte();
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) return;
    if (t >= 0x80 && t <= 0x8f) return this.skipItems((t & 0x0f) * 2, depth);
    if (t >= 0x90 && t <= 0x9f) return this.skipItems(t & 0x0f, depth);
    const raw = this.rawHeader(t);
    if (raw >= 0) return this.advance(raw);
    switch (t) {
      case 0xcc:
      case 0xd0:
        return this.advance(1);
      case 0xcd:
      case 0xd1:
        return this.advance(2);
      case 0xce:
      case 0xd2:
      case 0xca:
        return this.advance(4);
      case 0xcf:
      case 0xd3:
      case 0xcb:
        return this.advance(8);
      case 0xdc:
        return this.skipItems(this.u16(), depth);
      case 0xdd:
        return this.skipItems(this.u32(), depth);
      case 0xde:
        return this.skipItems(this.u16() * 2, depth);
      case 0xdf:
        return this.skipItems(this.u32() * 2, depth);
      case 0xd4:
        return this.advance(2);
      case 0xd5:
        return this.advance(3);
      case 0xd6:
        return this.advance(5);
      case 0xd7:
        return this.advance(9);
      case 0xd8:
        return this.advance(17);
      case 0xc7:
        this.need(1, 'an ext length');
        return this.advance(this.buf[this.pos++]! + 1);
      case 0xc8:
        return this.advance(this.u16() + 1);
      case 0xc9:
        return this.advance(this.u32() + 1);
      default:
        throw new WireError('ERR_DECODE', `invalid msgpack byte 0x${hex(t)}`);
    }
  }

  private skipItems(count: number, depth: number): void {
    // Each item takes at least one byte: refuse impossible counts before looping.
    if (count > this.end - this.pos) throw new TruncatedError(`a container of ${count} items`);
    for (let i = 0; i < count; i++) this.skip(depth + 1);
  }

  private advance(n: number): void {
    this.need(n, `${n} bytes`);
    this.pos += n;
  }
}

/** Decode UTF-8 with a fast path for short ASCII (field names, node names). */
function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return textDecoder.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return textDecoder.decode(buf.subarray(start, end));
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
