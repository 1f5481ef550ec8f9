import type { Key } from './hash.js';

/**
 * MD5 (RFC 1321), our own compact implementation, used only by the compatibility rings (ketama,
 * python hash_ring) whose placements are defined in terms of MD5. It is portable (no `node:crypto`)
 * and allocation-free: keys are encoded into a reused scratch buffer and the digest is written into
 * a reused `Uint32Array(4)` of little-endian words, which is exactly how ketama reads its points.
 */

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);
let view = new DataView(scratch.buffer);
const words = new Uint32Array(4);
const block = new Int32Array(16);

/** Per-round shift amounts. */
const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
  10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
/** K[i] = floor(2^32 × |sin(i + 1)|), computed once. */
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;

function ensure(capacity: number): void {
  if (scratch.length >= capacity) return;
  let size = scratch.length;
  while (size < capacity) size *= 2;
  scratch = new Uint8Array(size);
  view = new DataView(scratch.buffer);
}

function compress(state: Int32Array, offset: number): void {
  for (let i = 0; i < 16; i++) block[i] = view.getInt32(offset + i * 4, true);
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const t = d;
    d = c;
    c = b;
    const x = (a + f + K[i]! + block[g]!) | 0;
    const s = S[i]!;
    b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    a = t;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

const state = new Int32Array(4);

/**
 * MD5 of a key (strings as UTF-8) as four little-endian 32-bit words, i.e. `words[j]` is the
 * unsigned integer ketama builds from digest bytes `4j..4j+3` (byte `4j` least significant).
 *
 * The returned array is shared and overwritten by the next call: copy what you keep.
 *
 * @param key - string or bytes.
 */
export function md5Words(key: Key): Uint32Array {
  let len: number;
  if (typeof key === 'string') {
    ensure(key.length * 3 + 72);
    len = encoder.encodeInto(key, scratch).written;
  } else {
    ensure(key.length + 72);
    scratch.set(key, 0);
    len = key.length;
  }
  const padded = ((len + 8) >>> 6) * 64 + 64;
  scratch[len] = 0x80;
  scratch.fill(0, len + 1, padded);
  view.setUint32(padded - 8, (len << 3) >>> 0, true);
  view.setUint32(padded - 4, Math.floor(len / 0x20000000), true);
  state[0] = 0x67452301;
  state[1] = 0xefcdab89 | 0;
  state[2] = 0x98badcfe | 0;
  state[3] = 0x10325476;
  for (let offset = 0; offset < padded; offset += 64) compress(state, offset);
  words[0] = state[0];
  words[1] = state[1];
  words[2] = state[2];
  words[3] = state[3];
  return words;
}

/**
 * MD5 digest of a key as 16 bytes (allocates; for tests and tooling, not lookups).
 *
 * @param key - string (UTF-8) or bytes.
 */
export function md5(key: Key): Uint8Array {
  const w = md5Words(key);
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) dv.setUint32(i * 4, w[i]!, true);
  return out;
}
