/**
 * The msgpack subset Serf writes through go-msgpack's zero handle: maps keyed by Go field names
 * (sorted when written), strings and `[]byte` both as the old raw str family, unsigned integer
 * forms for non-negative numbers, nil for nil slices/maps/pointers. Decoding builds a small tree
 * (raw strings stay bytes, so binary payloads survive); message decoders shape-check it.
 */
import { SerfError } from '../errors.js';

/** A decoded msgpack value. Raw strings (str and bin) are bytes; maps keep string keys only. */
export type MsgValue = null | boolean | number | Uint8Array | MsgValue[] | MsgMap;
/** A decoded msgpack map. */
export type MsgMap = Map<string, MsgValue>;

const MAX_DEPTH = 16;
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

function decodeError(message: string): SerfError {
  return new SerfError('ERR_DECODE', message);
}

/**
 * Decode one msgpack value starting at `pos`.
 *
 * @returns the value and the index after it.
 * @throws SerfError `ERR_DECODE` for truncated input, floats, ext types, nesting deeper than 16,
 *   integers beyond 2^53 or counts larger than the input could hold.
 */
export function decodeValue(buf: Uint8Array, pos = 0, depth = 0): { value: MsgValue; end: number } {
  if (depth > MAX_DEPTH) throw decodeError('msgpack nesting too deep');
  let p = pos;
  const need = (n: number): void => {
    if (p + n > buf.length) throw decodeError('msgpack input is truncated');
  };
  const u = (n: number): number => {
    need(n);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + buf[p + i]!;
    p += n;
    return v;
  };
  need(1);
  const t = buf[p++]!;
  const raw = (n: number): { value: MsgValue; end: number } => {
    need(n);
    return { value: buf.slice(p, p + n), end: p + n };
  };
  const array = (n: number): { value: MsgValue; end: number } => {
    if (n > buf.length - p) throw decodeError(`msgpack array of ${n} items cannot fit`);
    const out: MsgValue[] = [];
    for (let i = 0; i < n; i++) {
      const r = decodeValue(buf, p, depth + 1);
      out.push(r.value);
      p = r.end;
    }
    return { value: out, end: p };
  };
  const map = (n: number): { value: MsgValue; end: number } => {
    if (n * 2 > buf.length - p) throw decodeError(`msgpack map of ${n} entries cannot fit`);
    const out: MsgMap = new Map();
    for (let i = 0; i < n; i++) {
      const k = decodeValue(buf, p, depth + 1);
      const v = decodeValue(buf, k.end, depth + 1);
      p = v.end;
      if (k.value instanceof Uint8Array) out.set(utf8.decode(k.value), v.value);
    }
    return { value: out, end: p };
  };
  if (t <= 0x7f) return { value: t, end: p };
  if (t >= 0xe0) return { value: t - 0x100, end: p };
  if (t >= 0xa0 && t <= 0xbf) return raw(t & 0x1f);
  if (t >= 0x90 && t <= 0x9f) return array(t & 0x0f);
  if (t >= 0x80 && t <= 0x8f) return map(t & 0x0f);
  switch (t) {
    case 0xc0:
      return { value: null, end: p };
    case 0xc2:
      return { value: false, end: p };
    case 0xc3:
      return { value: true, end: p };
    case 0xc4:
    case 0xd9:
      return raw(u(1));
    case 0xc5:
    case 0xda:
      return raw(u(2));
    case 0xc6:
    case 0xdb:
      return raw(u(4));
    case 0xcc:
      return { value: u(1), end: p };
    case 0xcd:
      return { value: u(2), end: p };
    case 0xce:
      return { value: u(4), end: p };
    case 0xcf: {
      const hi = u(4);
      const lo = u(4);
      if (hi > 0x1fffff) throw decodeError('uint64 beyond 2^53');
      return { value: hi * 0x1_0000_0000 + lo, end: p };
    }
    case 0xd0: {
      const v = u(1);
      return { value: v > 0x7f ? v - 0x100 : v, end: p };
    }
    case 0xd1: {
      const v = u(2);
      return { value: v > 0x7fff ? v - 0x1_0000 : v, end: p };
    }
    case 0xd2:
      return { value: u(4) | 0, end: p };
    case 0xd3: {
      const hi = u(4);
      const lo = u(4);
      if (hi >= 0x8000_0000) {
        const neg = (0xffff_ffff - hi) * 0x1_0000_0000 + (0x1_0000_0000 - lo);
        if (neg > Number.MAX_SAFE_INTEGER) throw decodeError('int64 beyond -2^53');
        return { value: -neg, end: p };
      }
      if (hi > 0x1fffff) throw decodeError('int64 beyond 2^53');
      return { value: hi * 0x1_0000_0000 + lo, end: p };
    }
    case 0xdc:
      return array(u(2));
    case 0xdd:
      return array(u(4));
    case 0xde:
      return map(u(2));
    case 0xdf:
      return map(u(4));
    default:
      throw decodeError(`unsupported msgpack type 0x${t.toString(16)}`);
  }
}

/** A value to encode: like {@link MsgValue}, plus JS strings (written as raw str) and plain objects (maps, keys sorted). */
export type EncodableValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly EncodableValue[]
  | { readonly [key: string]: EncodableValue };

/** Growable byte buffer that writes msgpack the way go-msgpack's zero handle does. */
export class MsgWriter {
  #buf = new Uint8Array(256);
  #pos = 0;

  /** Bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
  }

  /** Write one raw byte (e.g. a message type). */
  byte(b: number): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = b & 0xff;
  }

  #be(v: number, n: number): void {
    this.#ensure(n);
    for (let i = n - 1; i >= 0; i--) {
      this.#buf[this.#pos + i] = v % 256;
      v = Math.floor(v / 256);
    }
    this.#pos += n;
  }

  #header(v: number, fix: number, fixMax: number, t16: number, t32: number): void {
    if (v <= fixMax) this.byte(fix | v);
    else if (v < 0x1_0000) {
      this.byte(t16);
      this.#be(v, 2);
    } else {
      this.byte(t32);
      this.#be(v, 4);
    }
  }

  /**
   * Write any {@link EncodableValue}.
   *
   * @throws SerfError `ERR_ENCODE` for non-integral, negative-beyond-int64 or unsafe numbers.
   */
  value(v: EncodableValue): void {
    if (v === null) return this.byte(0xc0);
    if (typeof v === 'boolean') return this.byte(v ? 0xc3 : 0xc2);
    if (typeof v === 'number') return this.#number(v);
    if (typeof v === 'string') return this.bytes(utf8Encoder.encode(v));
    if (v instanceof Uint8Array) return this.bytes(v);
    if (Array.isArray(v)) {
      const arr = v as readonly EncodableValue[];
      this.#header(arr.length, 0x90, 15, 0xdc, 0xdd);
      for (const item of arr) this.value(item);
      return;
    }
    const obj = v as { readonly [key: string]: EncodableValue };
    const keys = Object.keys(obj).sort(compareBytes);
    this.#header(keys.length, 0x80, 15, 0xde, 0xdf);
    for (const k of keys) {
      this.value(k);
      this.value(obj[k]!);
    }
  }

  /** Write bytes as a raw str (fixstr, str16, str32; go-msgpack's old spec never writes str8/bin). */
  bytes(b: Uint8Array): void {
    this.#header(b.length, 0xa0, 31, 0xda, 0xdb);
    this.#ensure(b.length);
    this.#buf.set(b, this.#pos);
    this.#pos += b.length;
  }

  #number(v: number): void {
    if (!Number.isSafeInteger(v)) throw new SerfError('ERR_ENCODE', `not a safe integer: ${v}`);
    if (v >= 0) {
      if (v < 0x80) this.byte(v);
      else if (v < 0x100) {
        this.byte(0xcc);
        this.byte(v);
      } else if (v < 0x1_0000) {
        this.byte(0xcd);
        this.#be(v, 2);
      } else if (v < 0x1_0000_0000) {
        this.byte(0xce);
        this.#be(v, 4);
      } else {
        this.byte(0xcf);
        this.#be(v, 8);
      }
      return;
    }
    if (v >= -32) this.byte(v & 0xff);
    else if (v >= -0x80) {
      this.byte(0xd0);
      this.byte(v & 0xff);
    } else if (v >= -0x8000) {
      this.byte(0xd1);
      this.#be(v + 0x1_0000, 2);
    } else if (v >= -0x8000_0000) {
      this.byte(0xd2);
      this.#be(v + 0x1_0000_0000, 4);
    } else {
      throw new SerfError('ERR_ENCODE', `negative integer below int32: ${v}`);
    }
  }
}

/** Compare two strings by their UTF-8 bytes (go-msgpack sorts field names that way; ours are ASCII). */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Decode UTF-8 bytes to a string (invalid sequences become U+FFFD). */
export function text(b: Uint8Array): string {
  return utf8.decode(b);
}

/** Encode a string as UTF-8. */
export function utf8Bytes(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
